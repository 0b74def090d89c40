/**
 * The log engine behind `devnet logs` and the dashboard's log pane: every container of every pod
 * in a scope, followed through the pods/log API. A watch on the devnet's pods starts a container's
 * stream when its pod appears and stops it when the pod goes, with `pod-added`/`pod-removed`
 * events around them; restarts and broken streams are handled per container (container-follow.ts).
 * Without `follow`, it reads what exists (or the previous containers' logs) once.
 */
import { ClusterError } from '../../errors/index.js';
import type { Kube } from '../../kube/client.js';
import type { PodObject } from '../../kube/conditions.js';
import { Informer, type ChangeType } from '../../kube/informer.js';
import { followLog, readLog } from '../../kube/logs.js';
import type { LogLine } from '../../tui/model.js';
import { ContainerFollow } from './container-follow.js';
import type { StartQuery, TimedLine } from './cursor.js';
import { keepAll, type LinePredicate } from './patterns.js';
import { podQuery, type LogScope } from './scope.js';
import { readSnapshot } from './snapshot.js';
import { containersOf, podFields, podRef, type LogApi, type LogSink, type MatchedPod, type PodRef } from './types.js';

export interface LogRequest {
  scope: LogScope;
  /** Keep following (until the signal aborts); otherwise read what exists and finish. */
  follow: boolean;
  /** The previous containers' logs instead of the current ones (never followed). */
  previous: boolean;
  /** Lines per container to start from (all when absent), for logs that exist at the start. */
  tail?: number | undefined;
  /** Only lines of the last N seconds, for logs that exist at the start. */
  sinceSeconds?: number | undefined;
  /** --include/--exclude (patterns.ts). */
  lines?: LinePredicate | undefined;
}

export interface LogSummary {
  /** Pods that matched the scope (at the start, when following). */
  pods: number;
  /** Containers whose log was read (when following: those followed at the end). */
  containers: number;
  /** Lines delivered after --include/--exclude. */
  lines: number;
}

/** How long a stream of a deleted pod may go on delivering what was in flight. */
const REMOVAL_GRACE_MS = 500;

export function kubeLogApi(kube: Kube): LogApi {
  return {
    follow: (namespace, pod, query, onText, signal) => followLog(kube, namespace, pod, query, onText, signal),
    read: (namespace, pod, query, signal) => readLog(kube, namespace, pod, query, signal),
  };
}

interface TrackedPod {
  uid: string;
  ref: PodRef;
  /** The pod as last seen; its streams start once `pod-added` was sent. */
  latest: PodObject;
  active: boolean;
  containers: Map<string, ContainerFollow>;
}

export class LogFollower {
  private seq = 0;
  private delivered = 0;
  private readonly pods = new Map<string, TrackedPod>();
  /** Per pod key, the adds and removals in order, so a replaced pod shows `-` before `+`. */
  private readonly queues = new Map<string, Promise<void>>();
  private synced = false;
  private failure: ((error: Error) => void) | undefined;

  constructor(
    private readonly kube: Kube,
    private readonly devnet: string,
    private readonly request: LogRequest,
    private readonly sink: LogSink,
    private readonly api: LogApi = kubeLogApi(kube),
  ) {}

  /** Resolves when everything was read (or, when following, once the signal aborts). */
  async run(signal: AbortSignal): Promise<LogSummary> {
    const query = podQuery(this.devnet, this.request.scope);
    if (!this.request.follow || this.request.previous) {
      const { items } = await this.kube.list<PodObject>('v1', 'Pod', { ...query, signal });
      this.sink.synced?.(items.map((pod) => this.matched(pod)));
      const read = await readSnapshot(items, this.request, this.api, (ref, container, lines, previous) => this.emit(ref, container, lines, previous), signal);
      return { pods: items.length, containers: read, lines: this.delivered };
    }
    return this.follow(query, signal);
  }

  private async follow(query: ReturnType<typeof podQuery>, outer: AbortSignal): Promise<LogSummary> {
    // Everything started below (even a stream whose pod was still being added) ends with the run.
    const controller = new AbortController();
    const signal = controller.signal;
    const abort = () => controller.abort();
    outer.addEventListener('abort', abort, { once: true });
    if (outer.aborted) abort();
    const informer = new Informer<PodObject>(this.kube, 'v1', 'Pod', query);
    const stopped = new Promise<void>((resolve, reject) => {
      this.failure = reject;
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const unsubscribe = informer.onChange((type, pod) => this.changed(type, pod, signal));
    // The informer retries what heals; an error it gives up on (gone, forbidden) ends the run.
    const unsubscribeErrors = informer.onError((error, final) => final && this.failure?.(watchFailed(error)));
    try {
      await informer.start(signal);
      this.synced = true;
      const pods = this.pods.size;
      this.sink.synced?.([...this.pods.values()].map((p) => this.matched(p.latest)));
      await stopped;
      const containers = [...this.pods.values()].reduce((n, p) => n + p.containers.size, 0);
      return { pods, containers, lines: this.delivered };
    } finally {
      unsubscribeErrors();
      unsubscribe();
      outer.removeEventListener('abort', abort);
      abort();
      await Promise.all([...this.pods.values()].flatMap((p) => [...p.containers.values()].map((c) => c.close(0))));
    }
  }

  private changed(type: ChangeType, pod: PodObject, signal: AbortSignal): void {
    const ref = podRef(pod);
    const tracked = this.pods.get(ref.key);
    if (type === 'deleted') {
      if (tracked !== undefined && tracked.uid === pod.metadata.uid) this.enqueue(ref.key, () => this.remove(tracked));
      return;
    }
    if (tracked !== undefined && tracked.uid === pod.metadata.uid) {
      tracked.latest = pod;
      if (tracked.active) this.update(tracked, signal, false);
      return;
    }
    // New, or the same name with a new uid (a StatefulSet replaced its replica).
    if (tracked !== undefined) this.enqueue(ref.key, () => this.remove(tracked));
    const added: TrackedPod = { uid: pod.metadata.uid ?? '', ref, latest: pod, active: false, containers: new Map() };
    this.pods.set(ref.key, added);
    const initial = !this.synced;
    this.enqueue(ref.key, async () => {
      // Gone again already, the run is over, or none of its containers is the one asked for.
      if (this.pods.get(ref.key) !== added || signal.aborted || this.matched(pod).containers.length === 0) return;
      this.sink.event({ kind: 'pod-added', ...podFields(ref) });
      added.active = true;
      this.update(added, signal, initial);
    });
  }

  private matched(pod: PodObject): MatchedPod {
    return { ref: podRef(pod), containers: containersOf(pod, this.request.scope.container).map((c) => c.name) };
  }

  private enqueue(key: string, work: () => Promise<void>): void {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(work).catch((error: unknown) => this.failure?.(error as Error));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  /** Starts streams for containers seen for the first time; tells the others their new status. */
  private update(tracked: TrackedPod, signal: AbortSignal, initial: boolean): void {
    for (const { name, status } of containersOf(tracked.latest, this.request.scope.container)) {
      const existing = tracked.containers.get(name);
      if (existing !== undefined) {
        existing.update(status);
        continue;
      }
      // --tail and --since shape what a log held when following began; a log that starts later is new throughout.
      const start: StartQuery = initial ? { tailLines: this.request.tail, sinceSeconds: this.request.sinceSeconds } : {};
      const context = {
        api: this.api,
        pod: tracked.ref,
        container: name,
        signal,
        emit: (lines: TimedLine[], previous: boolean) => this.emit(tracked.ref, name, lines, previous),
        event: this.sink.event.bind(this.sink),
        fail: (error: Error) => this.failure?.(error),
      };
      tracked.containers.set(name, new ContainerFollow(context, status, start));
    }
  }

  private async remove(tracked: TrackedPod): Promise<void> {
    if (this.pods.get(tracked.ref.key) === tracked) this.pods.delete(tracked.ref.key);
    if (!tracked.active) return;
    await Promise.all([...tracked.containers.values()].map((c) => c.close(REMOVAL_GRACE_MS)));
    this.sink.event({ kind: 'pod-removed', ...podFields(tracked.ref) });
  }

  private emit(ref: PodRef, container: string, lines: readonly TimedLine[], previous: boolean): void {
    const keep = this.request.lines ?? keepAll;
    const out: LogLine[] = [];
    for (const line of lines) {
      if (!keep(line.text)) continue;
      out.push({ seq: ++this.seq, pod: ref.key, podName: ref.name, container, text: line.text, ...(line.time === undefined ? {} : { time: line.time }), previous });
    }
    if (out.length === 0) return;
    this.delivered += out.length;
    this.sink.lines(out);
  }
}

function watchFailed(error: Error): ClusterError {
  return new ClusterError(`Watching the devnet's pods failed: ${error.message}`, {
    hint: 'check that your kubeconfig user may list and watch pods (kubectl auth can-i watch pods -A)',
  });
}
