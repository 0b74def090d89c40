/**
 * The host directory mounted into a kind cluster's nodes at /etc/containerd/certs.d: one
 * `<registry>/hosts.toml` per registry whose cache runs. containerd reads it at each pull, so the
 * files change with the caches (a cache that is gone, or turned off, leaves no file, and the node
 * pulls from the registry itself) without touching the cluster. The directory itself is never
 * replaced: a bind mount keeps the directory it was given.
 */
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hostsDirName, hostsToml, type CacheSpec } from '../../render/registry-cache.js';
import { ensurePrivateDir, isFile, readText, writeAtomic } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { clusterStateDir } from '../target.js';

const MARK = '# Written by devnet';

export function registryHostsDir(io: Pick<Io, 'env'>, clusterName: string): string {
  return join(clusterStateDir(io, clusterName), 'registry-hosts');
}

/** Writes a hosts.toml for each cache and removes devnet's files for any other registry; returns the registries routed. */
export async function writeRegistryHosts(dir: string, caches: readonly CacheSpec[]): Promise<string[]> {
  await ensurePrivateDir(dirname(dir));
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const wanted = new Map(caches.map((c) => [hostsDirName(c.upstream), c]));
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || wanted.has(entry.name)) continue;
    const file = join(dir, entry.name, 'hosts.toml');
    if ((await isFile(file)) && (await readText(file)).startsWith(MARK)) {
      await rm(file, { force: true });
      await rmdir(join(dir, entry.name)).catch(() => undefined);
    }
  }
  for (const [name, spec] of wanted) await writeAtomic(join(dir, name, 'hosts.toml'), hostsToml(spec), 0o644);
  return [...wanted.keys()];
}
