/**
 * A scripted DashboardSource: the cluster side played by a test or the benchmark. It holds a
 * topology, fans log lines out to the subscriptions whose selection covers their pod, and records
 * every call the dashboard makes, so tests assert what the user did and what they see.
 */
import type { PodObject } from '../../src/kube/conditions.js';
import type { Topology } from '../../src/networks/topology.js';
import { LABEL } from '../../src/render/labels.js';
import { buildView } from '../../src/tasks/view.js';
import type { Clock } from '../../src/tui/clock.js';
import type {
  ChaosRequest,
  ComponentView,
  DashboardSource,
  DescribeTarget,
  LogEvent,
  LogLine,
  LogOptions,
  LogSelection,
  PhaseTiming,
  PodRow,
  TopologyView,
  TransferResult,
  Unsubscribe,
  ValidatorView,
} from '../../src/tui/model.js';

export interface Subscription {
  selection: LogSelection;
  options: LogOptions;
  open: boolean;
  onLines: (lines: LogLine[]) => void;
  onEvent: (event: LogEvent) => void;
}

export class SimulatedSource implements DashboardSource {
  readonly subscriptions: Subscription[] = [];
  readonly described: DescribeTarget[] = [];
  teardowns = 0;
  describeLines: (target: DescribeTarget) => string[] | Promise<string[]> = (t) => [`Name: ${t.id}`, 'Events:', '  Normal  Scheduled  assigned to devnet-worker'];
  teardownResult: () => Promise<void> = async () => {};
  readonly chaosRequests: ChaosRequest[] = [];
  /** What a fault key's action answers; a test makes it fail or hang. */
  chaosResult: (request: ChaosRequest) => Promise<string> = async (r) => `${r.action} done`;
  /** The transfer key's action, where the network has one (Linera): a test sets it. */
  transfer?: () => Promise<TransferResult>;
  private view: TopologyView;
  private readonly listeners = new Set<(view: TopologyView) => void>();
  private seq = 0;

  constructor(view: TopologyView = buildTopology({ validators: 0 })) {
    this.view = view;
  }

  get topologyView(): TopologyView {
    return this.view;
  }

  topology(listener: (view: TopologyView) => void): Unsubscribe {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  logs(selection: LogSelection, options: LogOptions, onLines: (lines: LogLine[]) => void, onEvent: (event: LogEvent) => void): Unsubscribe {
    const sub: Subscription = { selection, options, open: true, onLines, onEvent };
    this.subscriptions.push(sub);
    return () => {
      sub.open = false;
    };
  }

  async describe(target: DescribeTarget): Promise<string[]> {
    this.described.push(target);
    return this.describeLines(target);
  }

  async teardown(): Promise<void> {
    this.teardowns++;
    return this.teardownResult();
  }

  async chaos(request: ChaosRequest): Promise<string> {
    this.chaosRequests.push(request);
    return this.chaosResult(request);
  }

  /** The subscriptions still open. */
  get open(): Subscription[] {
    return this.subscriptions.filter((s) => s.open);
  }

  setTopology(view: TopologyView): void {
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }

  /** Replaces one pod's row (or removes it with `null`) and publishes the new view. */
  updatePod(key: string, patch: Partial<PodRow> | null): void {
    const mapPods = (pods: PodRow[]) => (patch === null ? pods.filter((p) => p.key !== key) : pods.map((p) => (p.key === key ? { ...p, ...patch } : p)));
    this.setTopology({
      ...this.view,
      validators: this.view.validators.map((v) => ({ ...v, components: v.components.map((c) => ({ ...c, pods: mapPods(c.pods) })) })),
    });
  }

  findPod(key: string): PodRow | undefined {
    return this.view.validators.flatMap((v) => v.components.flatMap((c) => c.pods)).find((p) => p.key === key);
  }

  /** Every pod's key, in tree order. */
  podKeys(): string[] {
    return this.view.validators.flatMap((v) => v.components.flatMap((c) => c.pods.map((p) => p.key)));
  }

  /** A line from a pod, numbered in order. */
  line(pod: string, text: string, extra: Partial<LogLine> = {}): LogLine {
    const podName = pod.slice(pod.indexOf('/') + 1);
    return { seq: ++this.seq, pod, podName, container: 'linera', text, previous: false, ...extra };
  }

  /** Delivers lines, one batch per subscription, to every open subscription that covers their pod. */
  emit(lines: LogLine[]): void {
    for (const sub of this.open) {
      const mine = lines.filter((l) => this.covers(sub.selection, l.pod));
      if (mine.length > 0) sub.onLines(mine);
    }
  }

  emitEvent(event: LogEvent): void {
    for (const sub of this.open) if (event.kind === 'dropped' || this.covers(sub.selection, event.pod)) sub.onEvent(event);
  }

  private covers(selection: LogSelection, podKey: string): boolean {
    if (selection.kind === 'all') return true;
    if (selection.kind === 'pod') return selection.pod === podKey;
    for (const v of this.view.validators) {
      for (const c of v.components) {
        if (!c.pods.some((p) => p.key === podKey)) continue;
        if (selection.kind === 'validator') return selection.index === v.index;
        return selection.validator === v.index && selection.component === c.name;
      }
    }
    return false;
  }
}

export interface TopologyShape {
  devnet?: string;
  validators: number;
  shards?: number;
  proxies?: number;
  phases?: PhaseTiming[];
  /** Pod creation time for ages. */
  createdAt?: number;
}

export function podRow(namespace: string, name: string, validator: number | null, component: string, extra: Partial<PodRow> = {}): PodRow {
  return { key: `${namespace}/${name}`, namespace, name, validator, component, state: 'ready', ready: '1/1', restarts: 0, ...extra };
}

function component(ns: string, v: number, name: string, role: string, replicas: number, extra: Partial<ComponentView>, createdAt?: number): ComponentView {
  const pods = Array.from({ length: replicas }, (_, i) => podRow(ns, `${name}-${i}`, v, name, createdAt === undefined ? {} : { createdAt }));
  return { name, role, workload: 'StatefulSet', namespace: ns, desired: replicas, ready: replicas, endpoints: [], pods, ...extra };
}

function validator(v: number, shape: TopologyShape): ValidatorView {
  const ns = `${shape.devnet ?? 'local'}-val-${v}`;
  const endpoint = `localhost:${19100 + v}`;
  return {
    index: v,
    name: `validator-${v}`,
    namespace: ns,
    endpoints: [endpoint],
    components: [
      component(ns, v, 'proxy', "The validator's front door: takes client gRPC requests and routes each to the right shard.", shape.proxies ?? 1, { endpoints: [endpoint] }, shape.createdAt),
      component(ns, v, 'shards', 'Execute the chains: each owns the chains that hash to it.', shape.shards ?? 2, {}, shape.createdAt),
      component(ns, v, 'storage', 'ScyllaDB holding the chains\u2019 state.', 1, { workload: 'ScyllaCluster' }, shape.createdAt),
      component(ns, v, 'block-exporter', 'Pushes new blocks to the other validators and indexers.', 1, {}, shape.createdAt),
    ],
  };
}

export function buildTopology(shape: TopologyShape): TopologyView {
  return {
    header: { devnet: shape.devnet ?? 'local', network: 'linera', context: 'kind-devnet', phases: shape.phases ?? [] },
    validators: Array.from({ length: shape.validators }, (_, v) => validator(v, shape)),
  };
}

/**
 * The view `devnet status` and the dashboard build for a planned devnet whose StatefulSet pods all
 * run and are Ready, but for those in the namespaces listed in `gone` (a stopped validator).
 */
export function runningView(topology: Topology, gone: readonly string[] = []): TopologyView {
  const pods: PodObject[] = topology.components
    .filter((c) => c.workload === 'StatefulSet' && !gone.includes(c.namespace))
    .flatMap((c) =>
      c.replicas.map((r) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: r.pod, namespace: c.namespace, labels: { [LABEL.component]: c.name } },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      })),
    );
  const header = { devnet: topology.name, network: topology.network, context: 'kind-devnet', phases: [] };
  return buildView(topology, { pods, statefulSets: [], jobs: [], scyllaClusters: [], storagePods: [] }, header);
}

/** Virtual time: timers run when the test or benchmark advances the clock, not when the wall clock does. */
export class ManualClock implements Clock {
  private time: number;
  private timers: { due: number; fn: () => void; id: number }[] = [];
  private ids = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const id = ++this.ids;
    this.timers.push({ due: this.time + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.timers.reduce<{ due: number; fn: () => void; id: number } | undefined>((a, t) => (a === undefined || t.due < a.due ? t : a), undefined);
      if (next === undefined || next.due > target) break;
      this.timers = this.timers.filter((t) => t.id !== next.id);
      this.time = Math.max(this.time, next.due);
      next.fn();
    }
    this.time = target;
  }
}
