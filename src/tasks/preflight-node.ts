/**
 * Preflight checks about the kind node itself: which kind devnet will run, and whether the Docker
 * host's cgroups let a kubelet start.
 */
import type { DockerInfo } from '../cluster/docker.js';
import { describePathKind, type KindLookup } from '../cluster/kind-binary.js';
import type { CheckResult } from './preflight.js';

/** Says which kind devnet uses and where it comes from, without downloading anything. */
export function kindCheck(kind: KindLookup): CheckResult {
  const version = kind.release.version;
  const other = kind.onPath !== undefined && kind.onPath.version !== version ? `; ${describePathKind(kind.onPath)} is not used` : '';
  if (kind.onPath?.version === version) return { name: 'kind', status: 'ok', detail: `kind ${version} on PATH (${kind.onPath.path})` };
  if (kind.cache.state === 'verified') return { name: 'kind', status: 'ok', detail: `kind ${version} downloaded by devnet (${kind.cache.path})${other}` };
  const install = `install kind v${version} and put it on PATH: ${kind.officialUrl ?? `go install sigs.k8s.io/kind@v${version}`}`;
  const missing = kind.onPath === undefined ? `kind is not on PATH` : `${describePathKind(kind.onPath)}, not kind ${version}`;
  if (kind.mirrorProblem !== undefined) return { name: 'kind', status: 'fail', detail: `${missing}, and ${kind.mirrorProblem.problem}`, fix: kind.mirrorProblem.fix };
  if (kind.platform === undefined || kind.url === undefined) return { name: 'kind', status: 'fail', detail: `${missing}, and devnet downloads kind only for linux and macOS on amd64 or arm64`, fix: install };
  if (kind.sha256 === undefined) return { name: 'kind', status: 'fail', detail: `${missing}, and devnet knows no sha256 of kind v${version} for ${kind.platform} to download it`, fix: install };
  const stale = kind.cache.state === 'mismatch' ? ` (the copy there does not match the pinned sha256 and will be replaced)` : '';
  return { name: 'kind', status: 'ok', detail: `${missing}: devnet up downloads kind ${version} for ${kind.platform} from ${kind.url}, checks its sha256 and keeps it in ${kind.cache.path}${stale}` };
}

/** kind's node shares the Docker host's cgroups; what that means for the kubelet and for kind. */
export function cgroupCheck(info: DockerInfo): CheckResult {
  const name = 'cgroups';
  if (info.cgroupVersion === 2) return { name, status: 'ok', detail: 'cgroup v2' };
  if (info.rootless) {
    // kind v0.33.0 pkg/cluster/internal/create/create.go:249-251 refuses rootless providers on cgroup v1.
    return { name, status: 'fail', detail: 'rootless Docker on a cgroup v1 host: kind refuses it', fix: 'boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1), or use rootful Docker; see https://kind.sigs.k8s.io/docs/user/rootless/' };
  }
  return {
    name,
    status: 'warn',
    detail: 'cgroup v1: devnet sets the kubelet\'s failCgroupV1: false in the kind config, as Kubernetes 1.35 and later refuse cgroup v1 otherwise; Kubernetes and kind will drop cgroup v1',
    fix: 'move the host to cgroup v2 when you can (systemd.unified_cgroup_hierarchy=1 on the kernel command line)',
  };
}
