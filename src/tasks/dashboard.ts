/**
 * devnet dashboard (and the hand-off at the end of `up`): the live view of a running devnet. The
 * data source is the cluster itself — watches for the topology, followed logs for the pane.
 */
import { join } from 'node:path';
import { InterruptedError, UsageError } from '../errors/index.js';
import type { Kube } from '../kube/client.js';
import type { DashboardSource, PhaseTiming } from '../tui/model.js';
import type { Io } from '../system/io.js';
import { writeAtomic } from '../system/files.js';
import { commandLines, type CommandLines } from '../output/command-line.js';
import { theme } from '../output/theme.js';
import { describeTarget } from './describe.js';
import type { LoadedProfile, ProfileFlags } from './load-profile.js';
import { openDevnet } from './open-devnet.js';
import { startHealth } from './health/index.js';
import { dashboardLogs } from './logs/index.js';
import { hostReach, reachOf, type Reach } from './reach.js';
import type { ClusterFlags } from './target.js';
import { removeNamespaces } from './up/teardown.js';
import { DevnetWatch } from './up/readiness.js';
import { buildView } from './view.js';
import type { ChaosContext } from './chaos/context.js';
import { dashboardChaos } from './chaos/dashboard.js';
import { markFaults } from './chaos/marks.js';
import { recordWatch } from './chaos/record.js';
import { networkResponse, type NetworkResponse } from './response/index.js';

export interface ClusterSource {
  source: DashboardSource;
  watch: DevnetWatch;
  /** Log stream failures, shown after the dashboard closes. */
  errors: string[];
}

/**
 * The dashboard's data from the cluster: watches for the tree and the chaos record, the log engine
 * for the pane. With `chaos`, the fault keys act on the devnet; with `response`, the validators'
 * endpoints are probed while the tree is shown, and the transfer key makes a transfer.
 */
export async function clusterSource(kube: Kube, loaded: LoadedProfile, phases: PhaseTiming[], signal: AbortSignal, lines: CommandLines, reach: Reach = hostReach(loaded.topology), chaos?: ChaosContext, response?: NetworkResponse): Promise<ClusterSource> {
  const watch = new DevnetWatch(kube, loaded.profile.name, loaded.topology.scylla.length > 0);
  await watch.start(signal);
  const record = recordWatch(kube, loaded.profile.name);
  // The marks are an addition: a record that cannot be watched leaves the tree as it is.
  const recordRead = record.informer.start(signal).then(
    () => true,
    () => false,
  );
  const header = { devnet: loaded.profile.name, network: loaded.topology.network, context: kube.context, phases };
  const errors: string[] = [];
  // Log health arrives after its first read; the tree shows the pods meanwhile.
  const health = startHealth(kube, loaded.topology, watch.pods, { follow: true, signal, warn: (message) => errors.push(message) }).catch(() => undefined);
  const source: DashboardSource = {
    topology: (listener) => {
      let monitor: Awaited<typeof health>;
      let marked = false;
      const emit = () => {
        const view = buildView(loaded.topology, watch.snapshot(), header, monitor?.healthByPod(), reach);
        const faulted = marked ? markFaults(view, loaded.topology, record.faults()) : view;
        listener(response === undefined ? faulted : response.annotate(faulted));
      };
      let stopHealth: (() => void) | undefined;
      let closed = false;
      void health.then((started) => {
        if (closed || started === undefined) return;
        monitor = started;
        stopHealth = started.onChange(emit);
        emit();
      });
      void recordRead.then((ok) => {
        if (closed || !ok) return;
        marked = true;
        emit();
      });
      emit();
      const stop = watch.onAnyChange(emit, 50);
      const stopRecord = record.informer.onChange(emit);
      const stopProbe = response?.watch(emit, signal);
      return () => {
        closed = true;
        stop();
        stopRecord();
        stopProbe?.();
        stopHealth?.();
      };
    },
    logs: dashboardLogs(kube, loaded.profile.name, (error) => errors.push((error as Error).message)),
    describe: (target) => describeTarget(kube, watch, target, lines, signal),
    teardown: async () => {
      await removeNamespaces(kube, loaded.profile.name, signal, () => {});
    },
    ...(chaos === undefined ? {} : { chaos: dashboardChaos(chaos) }),
    ...(response?.transfer === undefined ? {} : { transfer: response.transfer.bind(response, signal) }),
  };
  return { source, watch, errors };
}

export async function runDashboard(flags: ProfileFlags & ClusterFlags, io: Io, phases: PhaseTiming[] = []): Promise<void> {
  if (io.stdout.isTTY !== true || (io.stdin ?? process.stdin).isTTY !== true) {
    throw new UsageError('The dashboard needs a terminal.', { hint: `use ${commandLines(flags).devnet('status --watch')} or ${commandLines(flags).devnet('logs -f')} in scripts and CI` });
  }
  const { loaded, target, kube, lines } = await openDevnet(flags, io, 'dashboard');
  // Leaving the dashboard, or failing to open it, stops the watches and log streams it started.
  const controller = new AbortController();
  const signal = AbortSignal.any([io.signal, controller.signal]);
  const save = async (lines: string[]) => {
    const path = join(io.cwd, `devnet-${loaded.profile.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    await writeAtomic(path, `${lines.join('\n')}\n`);
    return path;
  };
  let watch: DevnetWatch | undefined;
  try {
    const chaos = { kube, loaded, target, env: { ...io.env }, signal };
    const opened = await clusterSource(kube, loaded, phases, signal, lines, await reachOf(target, loaded.topology, kube, signal), chaos, networkResponse(loaded, io));
    const { source, errors } = opened;
    watch = opened.watch;
    const { renderDashboard } = await import('../tui/render-dashboard.js');
    const exit = await renderDashboard(source, { save, phases, signal: io.signal, noColor: !theme(io.env, io.stdout).enabled });
    const t = theme(io.env, io.stderr);
    if (exit === 'teardown') io.stderr.write(`${t.ok('✔')} Removed devnet ${loaded.profile.name}.\n`);
    else io.stderr.write(`${t.dim(`The devnet keeps running: ${lines.devnet('dashboard')} to come back, ${lines.devnet('down')} to remove it.`)}\n`);
    for (const message of [...new Set(errors)]) io.stderr.write(`${t.warning('warning')} logs: ${message}\n`);
    // In the dashboard Ctrl-C is a key, like q; a SIGINT from elsewhere is an interruption (130).
    if (io.signal.aborted) throw new InterruptedError('Interrupted.');
  } finally {
    controller.abort();
    watch?.stop();
  }
}
