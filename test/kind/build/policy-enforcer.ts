/**
 * A NetworkPolicy enforcer for the kind tier's --context test: kube-router's firewall (its router
 * and service proxy off), with Debian's ipset, which it runs (kube-router v2.1.0 pkg/utils/ipset.go
 * execs "ipset"). Laid out as a tree to copy into a running node at `/`, so the node image stays as
 * kind's is: a cluster without it does not enforce NetworkPolicy, which that test also shows.
 *
 * Why kube-router: kube-network-policies (which kindnet uses) sends packets to userspace with
 * nftables' queue statement, and this machine's kernel has no CONFIG_NFT_QUEUE; kube-router
 * filters with iptables and ipset, which it has. v2.1.0 is the newest version the Go module proxy
 * serves here; security flaws are reported against it, which a throwaway node on a test machine
 * can bear, and nothing a user runs includes it.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { run, step, type Say } from './run.js';

export const KUBE_ROUTER = { module: 'github.com/cloudnativelabs/kube-router/v2', version: 'v2.1.0' } as const;
/** ipset and the library it links, from the Debian release the node runs (bookworm: 7.17). */
const DEBIAN_PACKAGES = ['ipset', 'libipset13'];

/** The tree to copy into a node at `/`: usr/local/bin/kube-router, usr/sbin/ipset and its library. */
export async function ensurePolicyEnforcer(goVersionLine: string, progress: Say): Promise<string> {
  const key = contentKey(KUBE_ROUTER, DEBIAN_PACKAGES, goVersionLine);
  const { dir } = await cachedDir(join(kindCacheRoot(), `policy-enforcer-${key}`), async (into) => {
    const root = join(into, 'root');
    // kube-router's Makefile builds it with CGO_ENABLED=0.
    await step(`go install kube-router ${KUBE_ROUTER.version}`, progress, () =>
      run('go', ['install', '-trimpath', '-ldflags', '-s -w', `${KUBE_ROUTER.module}/cmd/kube-router@${KUBE_ROUTER.version}`], {
        env: { GOBIN: join(root, 'usr', 'local', 'bin'), CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      }),
    );
    await step(`apt-get download ${DEBIAN_PACKAGES.join(' ')}`, progress, async () => {
      const debs = join(into, 'debs');
      await run('mkdir', ['-p', debs]);
      // A machine whose package lists were never fetched knows no package: fetch them once, then try again.
      await run('apt-get', ['download', ...DEBIAN_PACKAGES], { cwd: debs }).catch(async () => {
        await run('apt-get', ['update', '-qq']);
        await run('apt-get', ['download', ...DEBIAN_PACKAGES], { cwd: debs });
      });
      for (const deb of await readdir(debs)) await run('dpkg-deb', ['-x', join(debs, deb), root]);
      await run('rm', ['-rf', debs, join(root, 'usr', 'share')]);
    });
  });
  return join(dir, 'root');
}
