/**
 * The node's programs that are not Kubernetes itself, each built with `go install pkg@version` from
 * the Go module proxy (none of these modules has replace directives, so their own go.sum pins
 * everything). Versions are the ones kind v0.33.0's base image builds (images/base/Dockerfile:
 * CONTAINERD_VERSION, RUNC_VERSION, CRICTL_VERSION, CNI_PLUGINS_VERSION), coredns is the one
 * kubeadm v1.37.0 deploys (cmd/kubeadm/app/constants/constants.go CoreDNSVersion), and the local-path
 * provisioner is the newest the proxy serves (kind's image builds v0.0.34: images/local-path-provisioner/Makefile).
 */
import { join } from 'node:path';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { run, step, type Say } from './run.js';

export const KIND_VERSION = 'v0.33.0';

interface GoTool {
  name: string;
  version: string;
  packages: string[];
  /** CGO and build tags, as the project's own Makefile builds it. */
  cgo: boolean;
  tags?: string;
}

const containerd = 'github.com/containerd/containerd/v2';
const cni = 'github.com/containernetworking/plugins/plugins';

export const GO_TOOLS: GoTool[] = [
  { name: 'kind', version: KIND_VERSION, packages: ['sigs.k8s.io/kind'], cgo: false },
  // containerd's Makefile: cgo on for the daemon and ctr, off for the shim (SHIM_CGO_ENABLED ?= 0);
  // kind builds with BUILDTAGS="no_aufs no_zfs no_btrfs no_devmapper".
  { name: 'containerd', version: 'v2.3.4', packages: [`${containerd}/cmd/containerd`, `${containerd}/cmd/ctr`], cgo: true, tags: 'no_aufs no_zfs no_btrfs no_devmapper' },
  { name: 'containerd-shim', version: 'v2.3.4', packages: [`${containerd}/cmd/containerd-shim-runc-v2`], cgo: false, tags: 'no_aufs no_zfs no_btrfs no_devmapper' },
  // runc's Makefile: BUILDTAGS := seccomp urfave_cli_no_docs, with cgo (libseccomp-dev).
  { name: 'runc', version: 'v1.4.3', packages: ['github.com/opencontainers/runc'], cgo: true, tags: 'seccomp urfave_cli_no_docs' },
  { name: 'crictl', version: 'v1.36.0', packages: ['sigs.k8s.io/cri-tools/cmd/crictl'], cgo: false },
  { name: 'cni-plugins', version: 'v1.9.1', packages: [`${cni}/ipam/host-local`, `${cni}/main/loopback`, `${cni}/main/ptp`, `${cni}/meta/portmap`], cgo: false },
  { name: 'coredns', version: 'v1.14.6', packages: ['github.com/coredns/coredns'], cgo: false },
  { name: 'local-path-provisioner', version: 'v0.0.30', packages: ['github.com/rancher/local-path-provisioner'], cgo: false },
];

/** Builds every tool into one cached bin directory; returns it. */
export async function ensureGoTools(goVersionLine: string, progress: Say): Promise<string> {
  const key = contentKey(GO_TOOLS, goVersionLine);
  const { dir } = await cachedDir(join(kindCacheRoot(), `tools-${key}`), async (into) => {
    for (const tool of GO_TOOLS) {
      await step(`go install ${tool.name} ${tool.version}`, progress, () => goInstall(tool, join(into, 'bin')));
    }
  });
  return join(dir, 'bin');
}

async function goInstall(tool: GoTool, bin: string): Promise<void> {
  const args = ['install', '-trimpath', ...(tool.tags === undefined ? [] : ['-tags', tool.tags]), '-ldflags', '-s -w'];
  await run('go', [...args, ...tool.packages.map((p) => `${p}@${tool.version}`)], {
    env: { GOBIN: bin, CGO_ENABLED: tool.cgo ? '1' : '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
  });
}
