/**
 * devnet gc: removes the devnets whose --ttl has passed, and nothing else. A kind cluster devnet
 * created goes as a whole when every devnet in it has expired and no other devnet's namespace is
 * in it; otherwise only the expired devnets' namespaces go. Safe to run from cron or a CI job's
 * first step: a devnet without an expiry, or one still starting, is never touched.
 */
import { rm } from 'node:fs/promises';
import { deleteKindCluster } from '../cluster/kind.js';
import { theme } from '../output/theme.js';
import { LABEL } from '../render/labels.js';
import type { Io } from '../system/io.js';
import { kindHere } from './kind-tool.js';
import { findPlaces, survey, type DevnetRow, type Place } from './fleet.js';
import { jsonRow } from './list.js';
import { runSteps, type Step } from './steps.js';
import { clusterStateDir, devnetStateDir } from './target.js';
import { removeNamespaces } from './up/teardown.js';

export interface GcFlags {
  contexts: string[];
  kubeconfig?: string | undefined;
  /** Act; without it a terminal only shows what would go. */
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  timeoutSeconds: number;
}

interface Removal {
  place: Place;
  devnets: DevnetRow[];
  /** Delete the kind cluster itself (every devnet in it expired). */
  wholeCluster: boolean;
}

interface GcContext {
  flags: GcFlags;
  io: Io;
  signal: AbortSignal;
  rows: DevnetRow[];
  removals: Removal[];
  done: string[];
}

export const GC_STEPS: readonly Step<GcContext>[] = [
  {
    id: 'find',
    title: 'Find expired devnets',
    run: async (ctx, note) => {
      const { places, unreachable } = await findPlaces(ctx.io, ctx.flags.contexts, ctx.flags.kubeconfig, ctx.signal);
      const fleet = await survey(places, ctx.signal);
      for (const problem of [...unreachable, ...fleet.unreachable]) note(`could not read ${problem}`);
      ctx.rows = fleet.rows;
      ctx.removals = await plan(places, fleet.rows, ctx.signal);
      const expired = fleet.rows.filter((r) => r.expired).length;
      return `${expired} of ${fleet.rows.length} devnet${fleet.rows.length === 1 ? '' : 's'} expired`;
    },
  },
  {
    id: 'remove',
    title: 'Remove',
    enabled: (ctx) => ctx.removals.length > 0,
    skip: (ctx) => (dryRun(ctx) ? `dry run: ${describe(ctx.removals).join('; ')} (run devnet gc --yes to remove)` : false),
    run: async (ctx, note) => {
      for (const removal of ctx.removals) {
        if (removal.wholeCluster) {
          note(`deleting kind cluster ${removal.place.name} (every devnet in it expired)`);
          await deleteKindCluster(removal.place.name, removal.place.kubeconfig, await kindHere(ctx.io, ctx.signal));
          await rm(clusterStateDir(ctx.io, removal.place.name), { recursive: true, force: true });
        } else {
          for (const row of removal.devnets) await removeNamespaces(removal.place.kube, row.devnet, ctx.signal, note);
        }
        for (const row of removal.devnets) {
          await rm(devnetStateDir(ctx.io, row.devnet), { recursive: true, force: true });
          ctx.done.push(row.devnet);
        }
      }
      return describe(ctx.removals).join('; ');
    },
  },
];

export async function runGc(flags: GcFlags, io: Io): Promise<{ removed: string[]; wouldRemove: string[]; kept: string[] }> {
  const signal = AbortSignal.any([io.signal, AbortSignal.timeout(flags.timeoutSeconds * 1000)]);
  const ctx: GcContext = { flags, io, signal, rows: [], removals: [], done: [] };
  await runSteps(GC_STEPS, ctx, { ...io, stdout: flags.json ? { write: () => true } : io.stdout }, 'plain');
  const expired = ctx.rows.filter((r) => r.expired).map((r) => r.devnet);
  const result = { removed: ctx.done, wouldRemove: dryRun(ctx) ? expired : [], kept: ctx.rows.filter((r) => !r.expired).map((r) => r.devnet) };
  const t = theme(io.env, io.stdout);
  if (flags.json) io.stdout.write(`${JSON.stringify({ event: 'gc', dryRun: dryRun(ctx), ...result, devnets: ctx.rows.map(jsonRow) })}\n`);
  else if (dryRun(ctx) && expired.length > 0) io.stdout.write(`Would remove ${expired.join(', ')}; run ${t.bold('devnet gc --yes')} to remove ${expired.length === 1 ? 'it' : 'them'}.\n`);
  else io.stdout.write(`${t.ok('✔')} ${ctx.done.length === 0 ? 'Nothing expired.' : `Removed ${ctx.done.join(', ')}.`}${result.kept.length > 0 ? ` Kept ${result.kept.join(', ')}.` : ''}\n`);
  return result;
}

/** In a terminal, gc only shows what it would do unless --yes; from cron or CI it acts. */
function dryRun(ctx: GcContext): boolean {
  return ctx.flags.dryRun || (!ctx.flags.yes && ctx.io.stdout.isTTY === true);
}

async function plan(places: readonly Place[], rows: readonly DevnetRow[], signal: AbortSignal): Promise<Removal[]> {
  const removals: Removal[] = [];
  for (const place of places) {
    const here = rows.filter((r) => r.place === place);
    const expired = here.filter((r) => r.expired);
    if (expired.length === 0) continue;
    const whole = place.provider === 'kind' && place.createdByDevnet && expired.length === here.length && (await onlyThese(place, expired, signal));
    removals.push({ place, devnets: expired, wholeCluster: whole });
  }
  return removals;
}

/** No devnet namespace but the expired devnets' (a devnet whose up has just begun has one before anything else). */
async function onlyThese(place: Place, expired: readonly DevnetRow[], signal: AbortSignal): Promise<boolean> {
  const names = new Set(expired.map((r) => r.devnet));
  const { items } = await place.kube.list('v1', 'Namespace', { labelSelector: `${LABEL.managedBy}=devnet`, signal });
  return items.every((ns) => names.has(ns.metadata.labels?.[LABEL.instance] ?? ''));
}

function describe(removals: readonly Removal[]): string[] {
  return removals.map((r) => (r.wholeCluster ? `kind cluster ${r.place.name} with ${r.devnets.map((d) => d.devnet).join(', ')}` : `${r.devnets.map((d) => d.devnet).join(', ')} from ${r.place.label}`));
}


