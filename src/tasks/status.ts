/** devnet status: validator → component → replica, from the cluster (the source of truth). */
import { InterruptedError } from '../errors/index.js';
import type { Io } from '../system/io.js';
import { theme, type Theme } from '../output/theme.js';
import type { PodRow, TopologyView } from '../tui/model.js';
import { healthText } from '../tui/format.js';
import { startHealth, healthStates, type HealthMonitor } from './health/index.js';
import type { ProfileFlags } from './load-profile.js';
import { openDevnet } from './open-devnet.js';
import { reachOf } from './reach.js';
import type { ClusterFlags } from './target.js';
import { DevnetWatch } from './up/readiness.js';
import { allPods, buildView } from './view.js';

export interface StatusFlags extends ProfileFlags, ClusterFlags {
  watch: boolean;
  json: boolean;
}

export async function runStatus(flags: StatusFlags, io: Io): Promise<void> {
  const { loaded, target, kube } = await openDevnet(flags, io, 'status');
  // Every watch and log stream started here ends with the command, whichever way it ends: one left
  // running would keep the process alive after the error was printed.
  const controller = new AbortController();
  const signal = AbortSignal.any([io.signal, controller.signal]);
  const watch = new DevnetWatch(kube, loaded.profile.name, loaded.topology.scylla.length > 0);
  try {
    await watch.start(signal);
    const health = await startHealth(kube, loaded.topology, watch.pods, { follow: flags.watch, signal, warn: (message) => io.stderr.write(`${theme(io.env, io.stderr).warning('warning')} ${message}\n`) });
    const header = { devnet: loaded.profile.name, network: loaded.topology.network, context: kube.context, phases: [] };
    const reach = await reachOf(target, loaded.topology, kube, signal);
    const print = () => {
      const now = Date.now();
      const view = buildView(loaded.topology, watch.snapshot(), header, health?.healthByPod(now), reach);
      const json = jsonView(view, now);
      if (flags.json) io.stdout.write(`${JSON.stringify(flags.watch ? { time: new Date(now).toISOString(), ...json } : json, null, flags.watch ? 0 : 2)}\n`);
      else io.stdout.write(`${statusTable(view, theme(io.env, io.stdout), now).join('\n')}\n`);
    };
    print();
    if (flags.watch) {
      await followChanges(watch, health, io.signal, () => {
        if (!flags.json && io.stdout.isTTY === true) io.stdout.write('\u001b[2J\u001b[H');
        print();
      });
      // Watching ends only by Ctrl-C, which every command answers with 130 (README, Exit codes).
      throw new InterruptedError(`Stopped watching devnet ${loaded.profile.name}.`);
    }
  } finally {
    controller.abort();
    watch.stop();
  }
}

/** Calls `reprint` on every change until Ctrl-C; a watch that gave up (access taken away, the API gone for good) ends it with its error. */
async function followChanges(watch: DevnetWatch, health: HealthMonitor | undefined, interrupted: AbortSignal, reprint: () => void): Promise<void> {
  const stop = watch.onAnyChange(reprint, 250);
  // A new match keeps a healthy replica healthy: print again only when a state changes.
  let states = healthStates(health);
  const stopHealth = health?.onChange(() => {
    const next = healthStates(health);
    if (next !== states) reprint();
    states = next;
  });
  let stopFatal = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      interrupted.addEventListener('abort', () => resolve(), { once: true });
      stopFatal = watch.onFatal(reject);
    });
  } finally {
    stopFatal();
    stop();
    stopHealth?.();
  }
}

export function age(createdAt: number | undefined, now: number): string {
  if (createdAt === undefined) return '-';
  const s = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const STATE_TEXT: Record<string, (t: Theme, s: string) => string> = {
  ready: (t, s) => t.ok(s),
  succeeded: (t, s) => t.ok(s),
  starting: (t, s) => t.warning(s),
  waiting: (t, s) => t.warning(s),
  pending: (t, s) => t.dim(s),
  failing: (t, s) => t.error(s),
  failed: (t, s) => t.error(s),
};

/** `-o json`: times as RFC 3339, and each pod's health in words too, as the table prints it at that moment. */
export function jsonView(view: TopologyView, now: number): object {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const pod = (p: PodRow) => ({
    ...p,
    createdAt: iso(p.createdAt),
    ...(p.health === undefined ? {} : { health: { ...p.health, lastMatchAt: iso(p.health.lastMatchAt), watchedSince: iso(p.health.watchedSince), text: healthText(p.health, now) } }),
  });
  return { ...view, validators: view.validators.map((v) => ({ ...v, components: v.components.map((c) => ({ ...c, pods: c.pods.map(pod) })) })) };
}

const HEALTH_TEXT: Record<string, (t: Theme, s: string) => string> = {
  healthy: (t, s) => t.ok(s),
  unhealthy: (t, s) => t.error(s),
  waiting: (t, s) => t.warning(s),
};

export function statusTable(view: TopologyView, t: Theme, now: number): string[] {
  const pods = allPods(view);
  const ready = pods.filter((p) => p.state === 'ready' || p.state === 'succeeded').length;
  // The HEALTH column appears (last, as its text has spaces) when some component has a health rule.
  const ruled = pods.some((p) => p.health !== undefined);
  const health = (cells: string[], text: string) => (ruled ? [...cells, text] : cells);
  const rows: string[][] = [health(['VALIDATOR', 'COMPONENT', 'POD', 'STATE', 'READY', 'RESTARTS', 'AGE', 'REASON', 'ENDPOINT'], 'HEALTH')];
  for (const group of view.validators) {
    for (const component of group.components) {
      if (component.pods.length === 0) rows.push(health([group.name, component.name, '-', 'missing', `${component.ready}/${component.desired}`, '', '', 'not created yet', component.endpoints.join(' ')], ''));
      component.pods.forEach((pod, i) =>
        rows.push(health([group.name, component.name, pod.name, pod.state, pod.ready, String(pod.restarts), age(pod.createdAt, now), pod.reason ?? '', pod.endpoint ?? (i === 0 ? component.endpoints.join(' ') : '')], pod.health === undefined ? '-' : healthText(pod.health, now))),
      );
    }
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const format = (row: string[], header: boolean) =>
    row
      .map((cell, c) => {
        const padded = cell.padEnd(widths[c] ?? 0);
        if (header) return t.dim(padded);
        if (c === 3) return STATE_TEXT[cell]?.(t, padded) ?? padded;
        return ruled && c === 9 ? (HEALTH_TEXT[cell.split(/[ ,]/)[0] ?? '']?.(t, padded) ?? padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const ruledPods = pods.filter((p) => p.health !== undefined);
  const healthy = ruled ? `, ${ruledPods.filter((p) => p.health?.state === 'healthy').length}/${ruledPods.length} healthy` : '';
  return [
    `${t.bold(view.header.devnet)} ${t.dim(`(${view.header.network}, context ${view.header.context})`)}: ${ready}/${pods.length} pods ready${healthy}`,
    ...rows.map((row, i) => format(row, i === 0)),
  ];
}
