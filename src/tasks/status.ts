/** devnet status: validator → component → replica, from the cluster (the source of truth). */
import { Kube } from '../kube/client.js';
import type { Io } from '../system/io.js';
import { theme, type Theme } from '../output/theme.js';
import type { TopologyView } from '../tui/model.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { reachableTarget, type ClusterFlags } from './target.js';
import { DevnetWatch } from './up/readiness.js';
import { allPods, buildView } from './view.js';

export interface StatusFlags extends ProfileFlags, ClusterFlags {
  watch: boolean;
  json: boolean;
}

export async function runStatus(flags: StatusFlags, io: Io): Promise<void> {
  const loaded = await loadProfile(flags, io.cwd);
  const target = await reachableTarget(loaded.topology.cluster, flags, io);
  const kube = Kube.connect(target);
  const watch = new DevnetWatch(kube, loaded.profile.name, loaded.topology.scylla.length > 0);
  await watch.start(io.signal);
  const header = { devnet: loaded.profile.name, network: loaded.topology.network, context: kube.context, phases: [] };
  const print = () => {
    const view = buildView(loaded.topology, watch.snapshot(), header);
    if (flags.json) io.stdout.write(`${JSON.stringify(flags.watch ? { time: new Date().toISOString(), ...view } : view, null, flags.watch ? 0 : 2)}\n`);
    else io.stdout.write(`${statusTable(view, theme(io.env, io.stdout), Date.now()).join('\n')}\n`);
  };
  try {
    print();
    if (!flags.watch) return;
    const stop = watch.onAnyChange(() => {
      if (!flags.json && io.stdout.isTTY === true) io.stdout.write('\u001b[2J\u001b[H');
      print();
    }, 250);
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    stop();
  } finally {
    watch.stop();
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

export function statusTable(view: TopologyView, t: Theme, now: number): string[] {
  const pods = allPods(view);
  const ready = pods.filter((p) => p.state === 'ready' || p.state === 'succeeded').length;
  const rows: string[][] = [['VALIDATOR', 'COMPONENT', 'POD', 'STATE', 'READY', 'RESTARTS', 'AGE', 'REASON', 'ENDPOINT']];
  for (const group of view.validators) {
    for (const component of group.components) {
      if (component.pods.length === 0) rows.push([group.name, component.name, '-', 'missing', `${component.ready}/${component.desired}`, '', '', 'not created yet', component.endpoints.join(' ')]);
      component.pods.forEach((pod, i) =>
        rows.push([group.name, component.name, pod.name, pod.state, pod.ready, String(pod.restarts), age(pod.createdAt, now), pod.reason ?? '', pod.endpoint ?? (i === 0 ? component.endpoints.join(' ') : '')]),
      );
    }
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const format = (row: string[], header: boolean) =>
    row
      .map((cell, c) => {
        const padded = cell.padEnd(widths[c] ?? 0);
        if (header) return t.dim(padded);
        return c === 3 ? (STATE_TEXT[cell]?.(t, padded) ?? padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [
    `${t.bold(view.header.devnet)} ${t.dim(`(${view.header.network}, context ${view.header.context})`)}: ${ready}/${pods.length} pods ready`,
    ...rows.map((row, i) => format(row, i === 0)),
  ];
}
