/**
 * The Debian bookworm root file system every image of the kind tier starts from (the node, kube-proxy,
 * the local-path helper, Linera's images), made by debootstrap from Debian's packages (no registry is
 * reachable here), imported into Docker once and cached as a tarball outside the clone.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { removeOtherTags } from './docker-build.js';
import { aptInstall, run, step, succeeds, type Say } from './run.js';

/**
 * What kind v0.33.0's base image installs (images/base/Dockerfile) that a one-node test cluster
 * needs, and the Debian release Linera's images run on (docker/Dockerfile runtime_base:
 * debian:bookworm-slim). nfs-common, open-iscsi and fuse-overlayfs are left out: no test mounts NFS
 * or iSCSI, and the snapshotter is overlayfs. libunwind8: the Linera binaries, built with
 * libunwind-dev as docker/Dockerfile's builder installs it, link libunwind.so.8 (ldd shows it).
 */
const SUITE = 'bookworm';
const PACKAGES = [
  'systemd', 'systemd-sysv', 'conntrack', 'iptables', 'nftables', 'iproute2', 'ethtool', 'util-linux', 'mount', 'kmod',
  'libseccomp2', 'pigz', 'e2fsprogs', 'bash', 'ca-certificates', 'curl', 'jq', 'procps', 'socat', 'libunwind8',
];

export interface BaseImage {
  tag: string;
  key: string;
}

/** The base image, imported from the cached rootfs (debootstrapped first when missing). */
export async function ensureBaseImage(progress: Say): Promise<BaseImage> {
  const mirror = process.env.DEVNET_TEST_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  const key = contentKey(SUITE, PACKAGES, mirror);
  const tag = `devnet.local/debian:${SUITE}-${key}`;
  if (await succeeds('docker', ['image', 'inspect', tag])) return { tag, key };
  const { dir } = await cachedDir(join(kindCacheRoot(), `rootfs-${key}`), async (into) => {
    await aptInstall([{ package: 'debootstrap', probe: 'command -v debootstrap' }], progress);
    const target = join(into, 'root');
    await step(`debootstrap ${SUITE} (${PACKAGES.length} packages)`, progress, () =>
      run('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, SUITE, target, mirror]),
    );
    await run('tar', ['-C', target, '--numeric-owner', '-cf', join(into, 'rootfs.tar'), '.']);
    await run('rm', ['-rf', target]);
  });
  const tarball = join(dir, 'rootfs.tar');
  if (!existsSync(tarball)) throw new Error(`${dir} has no rootfs.tar: remove the directory and build again.`);
  await step(`docker import the rootfs as ${tag}`, progress, () => run('docker', ['import', tarball, tag]));
  await removeOtherTags(tag);
  return { tag, key };
}
