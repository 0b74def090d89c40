/**
 * devnet cache status / prune: the registry caches on this machine (every container devnet labelled
 * as one, whatever its prefix), what each holds and how often it answered from its own storage,
 * and bounding them: by size (least recently started go first), by registry, or all.
 */
import { containersLabelled, inspectContainer, removeContainer, removeIdleKindNetwork, volumeSizes, type DockerOptions } from '../../cluster/docker.js';
import { proxyCounters, storedReferences, type ProxyCounters } from '../../cluster/registry.js';
import { UsageError } from '../../errors/index.js';
import { theme } from '../../output/theme.js';
import { CACHE_LABEL, REGISTRY_DEBUG_PORT, REGISTRY_PORT, REMOTE_LABEL, UPSTREAM_LABEL } from '../../render/registry-cache.js';
import type { Io } from '../../system/io.js';
import { run } from '../../system/process.js';
import { formatBytes } from '../images/format.js';
import { REGISTRY_ROOT } from './ensure.js';

export interface CacheRow {
  name: string;
  upstream: string;
  remote: string | null;
  state: string;
  address: string | null;
  startedAt: string;
  bytes: number | null;
  images: number | null;
  counters: ProxyCounters | null;
}

export async function cacheRows(docker: DockerOptions): Promise<CacheRow[]> {
  const names = await containersLabelled(`${CACHE_LABEL}=true`, docker);
  if (names.length === 0) return [];
  const sizes = await volumeSizes(docker);
  const rows: CacheRow[] = [];
  for (const name of names) {
    const state = await inspectContainer(name, docker);
    if (state === undefined) continue;
    const volume = state.mounts.find((m) => m.destination === REGISTRY_ROOT)?.name;
    const size = volume === undefined ? undefined : sizes.get(volume);
    const stored = state.running ? await storedReferences(name, REGISTRY_ROOT, docker) : undefined;
    const debug = state.ports[`${REGISTRY_DEBUG_PORT}/tcp`];
    rows.push({
      name,
      upstream: state.labels[UPSTREAM_LABEL] ?? '?',
      remote: state.labels[REMOTE_LABEL] || null,
      state: state.status,
      address: state.ports[`${REGISTRY_PORT}/tcp`] ?? null,
      startedAt: state.startedAt,
      bytes: size === undefined || Number.isNaN(size) ? null : size,
      images: stored === undefined ? null : [...stored].filter((r) => r.includes(':') && !r.includes('@')).length,
      counters: state.running && debug !== undefined ? ((await proxyCounters(debug, docker.signal)) ?? null) : null,
    });
  }
  return rows;
}

export async function runCacheStatus(flags: { output: 'text' | 'json' }, io: Io): Promise<CacheRow[]> {
  const rows = await cacheRows({ run, env: { ...io.env }, signal: io.signal });
  if (flags.output === 'json') {
    io.stdout.write(`${JSON.stringify({ caches: rows, totalBytes: rows.reduce((sum, r) => sum + (r.bytes ?? 0), 0) }, null, 2)}\n`);
    return rows;
  }
  if (rows.length === 0) {
    io.stdout.write('No registry caches on this machine: devnet up on kind starts one per registry the devnet pulls from.\n');
    return rows;
  }
  const t = theme(io.env, io.stdout);
  const table = [['CACHE', 'UPSTREAM', 'STATE', 'SIZE', 'IMAGES', 'HITS/MISSES (blobs)', 'ADDRESS'], ...rows.map((r) => [r.name, r.remote ?? `${r.upstream} (pushed here)`, r.state, formatBytes(r.bytes ?? undefined), r.images === null ? '—' : String(r.images), r.counters === null ? '—' : `${r.counters.hits}/${r.counters.misses}`, r.address ?? '—'])];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length))) ?? [];
  table.forEach((row, i) => io.stdout.write(`${i === 0 ? t.dim(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()) : row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()}\n`));
  io.stdout.write(t.dim(`\n${rows.length} cache${rows.length === 1 ? '' : 's'}, ${formatBytes(rows.reduce((sum, r) => sum + (r.bytes ?? 0), 0))} in all; devnet cache prune --max-size SIZE bounds them\n`));
  return rows;
}

export interface PruneFlags {
  all: boolean;
  maxBytes?: number | undefined;
  upstreams: string[];
  dryRun: boolean;
  output: 'text' | 'json';
}

/** Which caches go: those named, all, or the least recently started until the rest fit in maxBytes. */
export function choosePrune(rows: readonly CacheRow[], flags: Pick<PruneFlags, 'all' | 'maxBytes' | 'upstreams'>): CacheRow[] {
  if (flags.all) return [...rows];
  const chosen = rows.filter((r) => flags.upstreams.includes(r.upstream));
  if (flags.maxBytes === undefined) return chosen;
  let total = rows.filter((r) => !chosen.includes(r)).reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  for (const row of [...rows].filter((r) => !chosen.includes(r)).sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    if (total <= flags.maxBytes) break;
    chosen.push(row);
    total -= row.bytes ?? 0;
  }
  return chosen;
}

export async function runCachePrune(flags: PruneFlags, io: Io): Promise<CacheRow[]> {
  if (!flags.all && flags.maxBytes === undefined && flags.upstreams.length === 0) {
    throw new UsageError('Say which caches to remove.', { hint: 'devnet cache prune --max-size 20GB (least recently started go first), --upstream docker.io, or --all; devnet cache status shows them' });
  }
  const docker: DockerOptions = { run, env: { ...io.env }, signal: io.signal };
  const rows = await cacheRows(docker);
  const chosen = choosePrune(rows, flags);
  if (!flags.dryRun) for (const row of chosen) await removeContainer(row.name, [row.name], docker);
  const network = !flags.dryRun && chosen.length > 0 ? await removeIdleKindNetwork(docker) : { users: [] };
  const freed = chosen.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  if (flags.output === 'json') {
    io.stdout.write(`${JSON.stringify({ removed: chosen.map((r) => r.name), dryRun: flags.dryRun, freedBytes: freed, kept: rows.filter((r) => !chosen.includes(r)).map((r) => r.name), networkRemoved: network.removed ?? null }, null, 2)}\n`);
    return chosen;
  }
  const t = theme(io.env, io.stdout);
  const verb = flags.dryRun ? 'Would remove' : 'Removed';
  if (chosen.length === 0) io.stdout.write(`${t.ok('✔')} Nothing to remove: ${rows.length} cache${rows.length === 1 ? '' : 's'}, ${formatBytes(rows.reduce((s, r) => s + (r.bytes ?? 0), 0))}.\n`);
  else io.stdout.write(`${t.ok('✔')} ${verb} ${chosen.map((r) => `${r.name} (${formatBytes(r.bytes ?? undefined)})`).join(', ')}: ${formatBytes(freed)} freed.\n`);
  if (network.removed !== undefined) io.stdout.write(t.dim(`  removed Docker network ${network.removed}: nothing uses it any more\n`));
  return chosen;
}
