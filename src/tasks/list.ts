/** devnet list: every devnet on the kind clusters and the named contexts, with its age, expiry and readiness. */
import { theme } from '../output/theme.js';
import type { Io } from '../system/io.js';
import { findPlaces, survey, type DevnetRow } from './fleet.js';
import { age } from './status.js';

export interface ListFlags {
  contexts: string[];
  kubeconfig?: string | undefined;
  json: boolean;
}

export async function runList(flags: ListFlags, io: Io): Promise<DevnetRow[]> {
  const { places, unreachable } = await findPlaces(io, flags.contexts, flags.kubeconfig, io.signal);
  const fleet = await survey(places, io.signal);
  const problems = [...unreachable, ...fleet.unreachable];
  const now = Date.now();
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ devnets: fleet.rows.map((r) => jsonRow(r)), unreachable: problems }, null, 2)}\n`);
    return fleet.rows;
  }
  const t = theme(io.env, io.stdout);
  const warn = theme(io.env, io.stderr);
  for (const problem of problems) io.stderr.write(`${warn.warning('warning')} could not read ${problem}\n`);
  if (fleet.rows.length === 0) {
    io.stdout.write(`No devnets on ${places.length === 0 ? 'any kind cluster (and no --context given)' : places.map((p) => p.label).join(', ')}.\n`);
    return fleet.rows;
  }
  const rows = [['NAME', 'NETWORK', 'WHERE', 'AGE', 'EXPIRES', 'READY'], ...fleet.rows.map((r) => [r.devnet, r.network, r.place.label, age(now - r.ageSeconds * 1000, now), expiry(r, now), `${r.ready}/${r.total}`])];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  rows.forEach((row, i) => {
    const line = row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
    io.stdout.write(`${i === 0 ? t.dim(line) : fleet.rows[i - 1]?.expired ? t.warning(line) : line}\n`);
  });
  return fleet.rows;
}

function expiry(row: DevnetRow, now: number): string {
  if (row.expiresAt === undefined) return 'never';
  const left = Math.floor((Date.parse(row.expiresAt) - now) / 1000);
  return left <= 0 ? `expired ${age(now + left * 1000, now)} ago` : `in ${age(now - left * 1000, now)}`;
}

export function jsonRow(r: DevnetRow) {
  // Times as RFC 3339, as in every JSON devnet prints (README, Machine-readable output).
  return { name: r.devnet, network: r.network, provider: r.place.provider, where: r.place.name, createdAt: r.found.record.createdAt, expiresAt: r.expiresAt ?? null, expired: r.expired, ready: r.ready, total: r.total, namespaces: r.found.record.namespaces };
}
