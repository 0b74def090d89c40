/**
 * A registry cache seen from this machine: what its storage holds (read inside its container, so a
 * pull-through cache is never asked to fetch anything) and its proxy counters (its debug server).
 */
import { execIn, type DockerOptions } from './docker.js';
import { httpGet } from '../system/http-probe.js';

/**
 * Every tag and manifest digest the registry stores, as `repository:tag` and `repository@sha256:…`,
 * read from its filesystem layout (distribution v3.1.2 registry/storage/paths.go:
 * repositories/<name>/_manifests/tags/<tag>/current/link and _manifests/revisions/sha256/<hex>/link).
 * Undefined when the container does not answer.
 */
export async function storedReferences(container: string, root: string, options: DockerOptions): Promise<Set<string> | undefined> {
  const base = `${root}/docker/registry/v2/repositories/`;
  const result = await execIn(container, ['find', base, '-path', '*/_manifests/tags/*/current/link', '-o', '-path', '*/_manifests/revisions/sha256/*/link'], { ...options, timeoutMs: 30_000 });
  if (result.exitCode !== 0 && result.stdout.trim() === '') return /No such file/.test(result.stderr) ? new Set() : undefined;
  return parseStoredPaths(result.stdout, base);
}

export function parseStoredPaths(listing: string, base: string): Set<string> {
  const refs = new Set<string>();
  for (const line of listing.split('\n')) {
    if (!line.startsWith(base)) continue;
    const rest = line.slice(base.length);
    const tag = /^(.+)\/_manifests\/tags\/([^/]+)\/current\/link$/.exec(rest);
    if (tag !== null) refs.add(`${tag[1]}:${tag[2]}`);
    const revision = /^(.+)\/_manifests\/revisions\/sha256\/([0-9a-f]+)\/link$/.exec(rest);
    if (revision !== null) refs.add(`${revision[1]}@sha256:${revision[2]}`);
  }
  return refs;
}

export interface ProxyCounters {
  requests: number;
  hits: number;
  misses: number;
  bytesPulled: number;
  bytesPushed: number;
}

/**
 * The pull-through cache's blob counters since it started: expvar's registry.proxy.blobs
 * (distribution v3.1.2 registry/proxy/proxymetrics.go: Requests, Hits, Misses, BytesPulled,
 * BytesPushed), served on the debug address; all zero on a registry that is not a proxy.
 * Undefined when the debug server does not answer.
 */
export async function proxyCounters(debugAddress: string, signal?: AbortSignal): Promise<ProxyCounters | undefined> {
  const answer = await httpGet(`http://${debugAddress}/debug/vars`, 5000, signal, 1 << 20);
  if ('error' in answer || answer.status !== 200) return undefined;
  let vars: { registry?: { proxy?: { blobs?: Record<string, number> } } };
  try {
    vars = JSON.parse(answer.body) as typeof vars;
  } catch {
    return undefined;
  }
  const blobs = vars.registry?.proxy?.blobs;
  if (blobs === undefined) return undefined;
  return { requests: blobs.Requests ?? 0, hits: blobs.Hits ?? 0, misses: blobs.Misses ?? 0, bytesPulled: blobs.BytesPulled ?? 0, bytesPushed: blobs.BytesPushed ?? 0 };
}
