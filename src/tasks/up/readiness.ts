/**
 * Waiting for a devnet by watching it: one informer per kind across its namespaces. A component is
 * ready when its StatefulSet is (or its Job completed); while waiting, pod changes are turned into
 * progress notes, and a pod that cannot heal ends the wait at once with a diagnosis.
 */
import { NotReadyError } from '../../errors/index.js';
import type { Kube, LiveObject } from '../../kube/client.js';
import { fatalGraceMs, jobState, scyllaClusterReady, statefulSetReady, summarisePod, type PodObject } from '../../kube/conditions.js';
import { Informer } from '../../kube/informer.js';
import { waitFor } from '../../kube/wait.js';
import type { ComponentPlan, ScyllaPlan } from '../../networks/topology.js';
import type { CommandLines } from '../../output/command-line.js';
import { LABEL } from '../../render/labels.js';
import { describeDiagnosis, diagnosePod, type Diagnosis } from './diagnose.js';

export class DevnetWatch {
  readonly statefulSets: Informer;
  readonly jobs: Informer;
  readonly pods: Informer<PodObject>;
  readonly scylla: Informer | undefined;
  readonly storagePods: Informer<PodObject> | undefined;

  constructor(
    private readonly kube: Kube,
    devnet: string,
    hasScylla: boolean,
  ) {
    const labelSelector = `${LABEL.instance}=${devnet}`;
    this.statefulSets = new Informer(kube, 'apps/v1', 'StatefulSet', { labelSelector });
    this.jobs = new Informer(kube, 'batch/v1', 'Job', { labelSelector });
    this.pods = new Informer<PodObject>(kube, 'v1', 'Pod', { labelSelector });
    this.scylla = hasScylla ? new Informer(kube, 'scylla.scylladb.com/v1', 'ScyllaCluster', { labelSelector }) : undefined;
    // ScyllaDB pods are created by the operator with its own labels.
    this.storagePods = hasScylla ? new Informer<PodObject>(kube, 'v1', 'Pod', { labelSelector: 'scylla/cluster' }) : undefined;
  }

  /**
   * Resolves once every first list is in. When one cannot be listed (its kind unknown, access
   * denied), the others are stopped before the error goes up: a watch left running would keep the
   * process alive after the command has reported its error.
   */
  async start(signal: AbortSignal): Promise<void> {
    try {
      await Promise.all([this.statefulSets, this.jobs, this.pods, this.scylla, this.storagePods].map((i) => i?.start(signal)));
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  stop(): void {
    for (const informer of [this.statefulSets, this.jobs, this.pods, this.scylla, this.storagePods]) informer?.stop();
  }

  /** Calls `listener` when one of the watches gave up for good (the informers retry everything else). */
  onFatal(listener: (error: Error) => void): () => void {
    const unsubscribe = [this.statefulSets, this.jobs, this.pods, this.scylla, this.storagePods].map((i) => i?.onError((error, final) => final && listener(error)));
    return () => unsubscribe.forEach((u) => u?.());
  }

  /** Everything watched, as it is now. */
  snapshot(): { pods: PodObject[]; statefulSets: LiveObject[]; jobs: LiveObject[]; scyllaClusters: LiveObject[]; storagePods: PodObject[] } {
    return {
      pods: this.pods.list(),
      statefulSets: this.statefulSets.list(),
      jobs: this.jobs.list(),
      scyllaClusters: this.scylla?.list() ?? [],
      storagePods: this.storagePods?.list() ?? [],
    };
  }

  /** Calls `listener` after any change, at most once per `coalesceMs`. */
  onAnyChange(listener: () => void, coalesceMs = 100): () => void {
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        listener();
      }, coalesceMs);
    };
    const unsubscribe = [this.statefulSets, this.jobs, this.pods, this.scylla, this.storagePods].map((i) => i?.onChange(schedule));
    return () => {
      for (const u of unsubscribe) u?.();
      if (timer !== undefined) clearTimeout(timer);
    };
  }

  podsOf(namespace: string, component: string): PodObject[] {
    return this.pods.list().filter((p) => p.metadata.namespace === namespace && p.metadata.labels?.[LABEL.component] === component);
  }

  /**
   * Resolves when the component is ready; rejects with a diagnosis when one of its pods cannot heal.
   * `lines` gives the diagnosis' commands the flags the command was given.
   */
  /**
   * Until the component's workload is ready. `appliedGeneration` is the generation this run's apply
   * gave it: until the watch shows that one, what it shows is the old spec's status, whose pods may
   * all be ready and about to be replaced.
   */
  async waitComponent(component: ComponentPlan, signal: AbortSignal, lines: CommandLines, progress: (note: string) => void, appliedGeneration = 0): Promise<void> {
    const { namespace, name } = component;
    const ready = (objects: LiveObject[]) => {
      const object = objects.find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
      if (object === undefined || (object.metadata.generation ?? 0) < appliedGeneration) return false;
      if (component.workload === 'Job') {
        if (jobState(object) === 'failed') throw new NotReadyError(`Job ${namespace}/${name} failed.`, { hint: `its log: ${lines.devnet(`logs ${name}`)}` });
        return jobState(object) === 'complete';
      }
      return statefulSetReady(object);
    };
    const informer = component.workload === 'Job' ? this.jobs : this.statefulSets;
    await this.raceWithPods(waitFor(informer, ready, signal), () => this.podsOf(namespace, name), { signal, lines, progress });
  }

  async waitScylla(plan: ScyllaPlan, signal: AbortSignal, lines: CommandLines, progress: (note: string) => void): Promise<void> {
    if (this.scylla === undefined) return;
    const ready = (objects: LiveObject[]) => objects.some((o) => o.metadata.namespace === plan.namespace && o.metadata.name === plan.name && scyllaClusterReady(o));
    const pods = () => (this.storagePods?.list() ?? []).filter((p) => p.metadata.namespace === plan.namespace);
    await this.raceWithPods(waitFor(this.scylla, ready, signal), pods, { signal, lines, progress });
  }

  /** Runs `wait` while following the pods: notes their state, fails fast on what cannot heal. */
  private async raceWithPods(wait: Promise<void>, pods: () => PodObject[], { signal, lines, progress }: { signal: AbortSignal; lines: CommandLines; progress: (note: string) => void }): Promise<void> {
    let failure: ((error: Error) => void) | undefined;
    const fatal = new Promise<never>((_, reject) => (failure = reject));
    let last = '';
    let inspecting = false;
    const since = new Map<string, number>();
    const timers = new Set<NodeJS.Timeout>();
    const inspect = async () => {
      const current = pods();
      const note = current.map((p) => `${p.metadata.name} ${describe(p)}`).join(', ');
      if (note !== last && note !== '') progress((last = note));
      const now = Date.now();
      const broken = current.find((p) => {
        const summary = summarisePod(p);
        if (!summary.fatal) return since.delete(p.metadata.name) && false;
        const first = since.get(p.metadata.name) ?? now;
        since.set(p.metadata.name, first);
        const grace = fatalGraceMs(summary) - (now - first);
        if (grace > 0) timers.add(setTimeout(() => void inspect(), grace + 10));
        return grace <= 0;
      });
      if (broken === undefined || inspecting) return;
      inspecting = true;
      const diagnosis = await diagnosePod(this.kube, broken, signal, lines).catch(() => undefined);
      if (diagnosis?.fatal) failure?.(notReady(diagnosis));
      inspecting = false;
    };
    const sources = [this.pods, this.storagePods].filter((i): i is Informer<PodObject> => i !== undefined);
    const unsubscribe = sources.map((i) => i.onChange(() => void inspect()));
    void inspect();
    try {
      await Promise.race([wait, fatal]);
    } finally {
      for (const u of unsubscribe) u();
      for (const timer of timers) clearTimeout(timer);
    }
  }

  /** What is still missing, for the message when the deadline passes. */
  async pending(components: ComponentPlan[], signal: AbortSignal, lines: CommandLines): Promise<Diagnosis[]> {
    const out: Diagnosis[] = [];
    for (const component of components) {
      for (const pod of this.podsOf(component.namespace, component.name)) {
        const diagnosis = await diagnosePod(this.kube, pod, signal, lines).catch(() => undefined);
        if (diagnosis !== undefined) out.push(diagnosis);
      }
    }
    return out;
  }
}

function describe(pod: PodObject): string {
  const s = summarisePod(pod);
  return s.reason === undefined ? s.state : `${s.state} (${s.reason})`;
}

export function notReady(diagnosis: Diagnosis): NotReadyError {
  return new NotReadyError(`${diagnosis.namespace}/${diagnosis.pod} cannot become ready: ${diagnosis.reason}.`, {
    details: [...(diagnosis.message ? [diagnosis.message] : []), ...describeDiagnosis(diagnosis).slice(1)],
    hint: diagnosis.hint,
    diagnosis,
  });
}
