/**
 * The image store of a kind node, through the tools every kind node carries (crictl and ctr, kind
 * v0.33.0 images/base/Dockerfile) run with `docker exec`: what it holds, a pull through the node's
 * own containerd (so its registry hosts, and so the caches, apply), and the bytes in flight.
 */
import { ExternalCommandError } from '../errors/index.js';
import { execIn, humanBytes, type DockerOptions } from './docker.js';

export interface NodeImage {
  id: string;
  /** Normalised names, as containerd lists them: docker.io/library/x:1, and registry/repo@sha256:…. */
  names: string[];
  bytes: number;
}

/** `crictl images -o json`: the CRI ListImages response, as protojson writes it (uint64 size as a string). */
export async function nodeImages(node: string, options: DockerOptions): Promise<NodeImage[]> {
  const result = await execIn(node, ['crictl', 'images', '-o', 'json'], options);
  const failed = (why: string) =>
    new ExternalCommandError(`The kind node ${node} could not list its images: ${why}.`, `docker exec ${node} crictl images -o json`, {
      hint: `the node's containerd may be restarting: run devnet up again; if it persists, kind export logs --name ${node.replace(/-(control-plane\d*|worker\d*)$/, '')} shows why`,
      exitStatus: result.exitCode,
    });
  if (result.exitCode !== 0) throw failed(result.stderr.trim() || `exit ${result.exitCode}`);
  let listed: { images?: { id: string; repoTags?: string[]; repoDigests?: string[]; size?: string }[] };
  try {
    listed = JSON.parse(result.stdout) as typeof listed;
  } catch {
    throw failed(`crictl answered something that is not JSON (${result.stdout.trim().slice(0, 80) || 'nothing'})`);
  }
  return (listed.images ?? []).map((i) => ({ id: i.id, names: [...(i.repoTags ?? []), ...(i.repoDigests ?? [])], bytes: Number(i.size ?? 0) }));
}

export type PullFailure = 'missing' | 'platform' | 'unreachable';

export type PullOutcome = { ok: true; id: string } | { ok: false; failure: PullFailure; reason: string };

/**
 * `crictl pull REF` (cri-tools v1.36.0 cmd/crictl/image.go: "Image is up to date for <id>" on
 * success, "pulling image: <rpc error>" on failure). containerd v2.3.4 words the failures:
 * "failed to resolve reference \"REF\": REF: not found" for a reference no registry has
 * (client/pull.go:198, which the CRI pulls with; core/transfer/local/pull.go:62 says "failed to
 * resolve image"; core/remotes/docker/resolver.go), and "no match for platform in
 * manifest" for an index without the node's platform (core/images/handlers.go:342).
 */
export async function pullInNode(node: string, ref: string, options: DockerOptions & { timeoutMs?: number }): Promise<PullOutcome> {
  const result = await execIn(node, ['crictl', 'pull', ref], { ...options, timeoutMs: options.timeoutMs ?? 30 * 60_000 });
  if (result.exitCode === 0) return { ok: true, id: /Image is up to date for (\S+)/.exec(result.stdout)?.[1] ?? '' };
  return { ok: false, ...classifyPullError(result.stderr || result.stdout) };
}

/** crictl ends with logrus.Fatal (cmd/crictl/main.go:450): `time="…" level=fatal msg="pulling image: …"`, quotes escaped. */
export function classifyPullError(text: string): { failure: PullFailure; reason: string } {
  const last = text.trim().split('\n').filter(Boolean).slice(-1)[0] ?? 'no message';
  const message = /msg="(.*)"\s*$/.exec(last)?.[1]?.replace(/\\"/g, '"') ?? last;
  const reason = message.replace(/^pulling image: /, '');
  if (/no match for platform/.test(text)) return { failure: 'platform', reason };
  if (/failed to resolve (image|reference)[^\n]*: not found|code = NotFound/.test(text)) return { failure: 'missing', reason };
  return { failure: 'unreachable', reason };
}

/**
 * The platform an image in the node was built for: the image config containerd's CRI puts in the
 * verbose status as `info.imageSpec` (v2.3.4 internal/cri/server/images/image_status.go:102-116).
 * A single-platform manifest of another architecture is fetched without complaint (containerd
 * filters platforms only inside an index: core/images/handlers.go LimitManifests, and its unpacker
 * "only fetching layers", core/unpack/unpacker.go:346), so devnet asks after the pull.
 */
export async function nodeImagePlatform(node: string, ref: string, options: DockerOptions): Promise<{ os: string; architecture: string } | undefined> {
  const result = await execIn(node, ['crictl', 'inspecti', '-o', 'json', ref], options);
  if (result.exitCode !== 0) return undefined;
  const spec = (JSON.parse(result.stdout) as { info?: { imageSpec?: { os?: string; architecture?: string } } }).info?.imageSpec;
  return spec?.architecture === undefined ? undefined : { os: spec.os ?? 'linux', architecture: spec.architecture };
}

/** Bytes being written into the node's content store now: `ctr content active` (v2.3.4 cmd/ctr/commands/content/content.go, SIZE is the offset). */
export async function bytesInFlight(node: string, options: DockerOptions): Promise<number> {
  const result = await execIn(node, ['ctr', '--namespace', 'k8s.io', 'content', 'active'], { ...options, timeoutMs: 10_000 });
  if (result.exitCode !== 0) return 0;
  let total = 0;
  for (const line of result.stdout.split('\n').slice(1)) {
    const size = humanBytes(line.trim().split(/\s+/)[1] ?? '');
    if (Number.isFinite(size)) total += size;
  }
  return total;
}

/** Whether the node mounts a host directory at `path` (the registry hosts devnet writes). */
export function hasMount(mounts: readonly { destination: string }[], path: string): boolean {
  return mounts.some((m) => m.destination === path);
}
