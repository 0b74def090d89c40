/**
 * Log-keyword health of a devnet's replicas, from the log engine devnet already has
 * (src/tasks/logs/): for each component with a `health:` rule, one read of the last `within` of
 * every container, then (when following) one stream per container from there on. Nothing polls a
 * whole log. The pods' status (an informer the caller already runs) says when each container
 * started, so a restart or a replaced pod starts over (evaluate.ts).
 */
import type { Kube } from '../../kube/client.js';
import type { PodObject } from '../../kube/conditions.js';
import type { ComponentPlan, HealthPlan, Topology } from '../../networks/topology.js';
import type { LogLine, PodHealth } from '../../tui/model.js';
import { LogFollower } from '../logs/follower.js';
import type { LogApi } from '../logs/types.js';
import { evaluate, MatchLog, nextChange, runOf } from './evaluate.js';

/** The pods of the devnet as an informer keeps them. */
export interface PodSource {
  list(): PodObject[];
  onChange(listener: () => void): () => void;
}

export interface ReplicaHealth {
  /** `namespace/pod`, the dashboard's PodRow.key. */
  key: string;
  namespace: string;
  pod: string;
  validator: number | null;
  component: string;
  /** Undefined while the pod does not exist. */
  health: PodHealth | undefined;
  /** The container run the health is about (pod uid and start), for pings; undefined unless one runs. */
  run: string | undefined;
  /** Where this replica's pings go, when the rule has pings. */
  ping: { url: string; check: string } | undefined;
}

export interface MonitorOptions {
  /** Keep streaming after the first read; otherwise the read is all there is. */
  follow: boolean;
  clock?: () => number;
  /** Pings from another base URL (or for a rule without pings, with a check per pod). */
  pingUrl?: string | undefined;
  api?: LogApi | undefined;
  /** A log stream that ended for good (e.g. not allowed to read logs). */
  onError?: (error: Error) => void;
}

const COALESCE_MS = 100;

export function healthComponents(topology: Topology): (ComponentPlan & { health: HealthPlan })[] {
  return topology.components.filter((c): c is ComponentPlan & { health: HealthPlan } => c.health !== undefined);
}

export class HealthMonitor {
  private readonly matches = new Map<string, MatchLog>();
  private readonly listeners = new Set<() => void>();
  private readonly clock: () => number;
  private readonly components: (ComponentPlan & { health: HealthPlan })[];
  private watchStartedAt = 0;
  private notifyTimer: NodeJS.Timeout | undefined;
  private flipTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The first read is done: before it, nothing is known about any replica. */
  private primed = false;

  constructor(
    private readonly kube: Kube,
    private readonly topology: Topology,
    private readonly pods: PodSource,
    private readonly options: MonitorOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.components = healthComponents(topology);
  }

  get empty(): boolean {
    return this.components.length === 0;
  }

  /** Resolves once the last `within` of every log is read; when following, streams go on until the signal aborts. */
  async start(signal: AbortSignal): Promise<void> {
    this.watchStartedAt = this.clock();
    await Promise.all(this.groups().map((g) => this.follower(g, false, g.within).run(signal)));
    this.primed = true;
    if (!this.options.follow || signal.aborted) return;
    // From where the read stopped; lines read twice change nothing, a match only moves forward.
    const overlap = Math.ceil((this.clock() - this.watchStartedAt) / 1000) + 1;
    for (const g of this.groups()) {
      this.follower(g, true, overlap)
        .run(signal)
        .catch((error: unknown) => this.options.onError?.(error instanceof Error ? error : new Error(String(error))));
    }
    const unsubscribe = this.pods.onChange(() => this.changed());
    signal.addEventListener('abort', () => this.stop(unsubscribe), { once: true });
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every replica with a rule, in topology order, as it is at `now`. */
  replicas(now = this.clock()): ReplicaHealth[] {
    const pods = new Map(this.pods.list().map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name}`, p]));
    return this.components.flatMap((component) =>
      component.replicas.map((replica) => {
        const key = `${component.namespace}/${replica.pod}`;
        const pod = pods.get(key);
        const run = runOf(pod?.status?.containerStatuses, component.name);
        const ping = this.pingOf(component, replica.pod);
        return {
          key,
          namespace: component.namespace,
          pod: replica.pod,
          validator: component.validator,
          component: component.name,
          health: pod === undefined || !this.primed ? undefined : evaluate(component.health, this.matches.get(key)?.lastMatchAt, run, this.watchStartedAt, now),
          run: pod === undefined || run.startedAt === undefined ? undefined : `${pod.metadata.uid ?? ''}@${run.startedAt}`,
          ping,
        };
      }),
    );
  }

  /** PodRow.key → health, for the status table and the dashboard. */
  healthByPod(now = this.clock()): Map<string, PodHealth> {
    return new Map(this.replicas(now).flatMap((r) => (r.health === undefined ? [] : [[r.key, r.health] as const])));
  }

  private pingOf(component: ComponentPlan & { health: HealthPlan }, pod: string): ReplicaHealth['ping'] {
    const pings = component.health.pings;
    const url = this.options.pingUrl ?? pings?.url;
    if (url === undefined) return undefined;
    const check = pings?.checks.find((c) => c.pod === pod)?.check ?? `${component.namespace}-${pod}`;
    return { url, check };
  }

  /** One log reader per component name: the StatefulSets of every validator share it. */
  private groups(): { component: string; keyword: string; within: number }[] {
    const byName = new Map<string, { component: string; keyword: string; within: number }>();
    for (const c of this.components) byName.set(c.name, { component: c.name, keyword: c.health.keyword, within: Math.max(c.health.withinSeconds, byName.get(c.name)?.within ?? 0) });
    return [...byName.values()];
  }

  private follower(group: { component: string; keyword: string }, follow: boolean, sinceSeconds: number): LogFollower {
    const request = { scope: { component: group.component, container: group.component }, follow, previous: false, sinceSeconds };
    const sink = { lines: (lines: LogLine[]) => this.seen(group.keyword, lines), event: () => {} };
    return new LogFollower(this.kube, this.topology.name, request, sink, this.options.api);
  }

  private seen(keyword: string, lines: readonly LogLine[]): void {
    const now = this.clock();
    let matched = false;
    for (const line of lines) {
      let log = this.matches.get(line.pod);
      if (log === undefined) this.matches.set(line.pod, (log = new MatchLog(keyword)));
      matched = log.see(line, now) || matched;
    }
    if (matched && this.options.follow) this.changed();
  }

  /** Tells the listeners (at most every 100ms), and wakes up again when a state would change by itself. */
  private changed(): void {
    if (this.stopped) return;
    this.notifyTimer ??= setTimeout(() => {
      this.notifyTimer = undefined;
      this.scheduleFlip();
      for (const listener of this.listeners) listener();
    }, COALESCE_MS);
  }

  private scheduleFlip(): void {
    const now = this.clock();
    const next = Math.min(...this.replicas(now).map((r) => (r.health === undefined ? Infinity : (nextChange(r.health) ?? Infinity))).filter((t) => t > now));
    if (this.flipTimer !== undefined) clearTimeout(this.flipTimer);
    this.flipTimer = Number.isFinite(next) ? setTimeout(() => this.changed(), next - now + 1) : undefined;
  }

  private stop(unsubscribe: () => void): void {
    this.stopped = true;
    unsubscribe();
    clearTimeout(this.notifyTimer);
    clearTimeout(this.flipTimer);
    this.notifyTimer = this.flipTimer = undefined;
  }
}
