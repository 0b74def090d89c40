/**
 * What a fault's target names, resolved against the topology: a validator (all its components), a
 * component of one validator or of the shared namespace, a component of every validator, or one
 * pod. Pure, so the profile check, `devnet chaos` and the dashboard resolve targets alike.
 */
import type { ChaosAction } from '../config/chaos.js';
import type { ComponentPlan, ReplicaPlan, Topology } from './topology.js';

export interface PodRef {
  namespace: string;
  pod: string;
  component: string;
  validator: number | null;
}

export interface ResolvedTarget {
  /** As the user wrote it. */
  text: string;
  kind: 'validator' | 'component' | 'pod';
  /** The StatefulSets it covers (for a pod: the pod's own). */
  components: ComponentPlan[];
  pods: PodRef[];
}

export type Resolution = { ok: true; targets: ResolvedTarget[] } | { ok: false; message: string; hint: string };

const podRef = (c: ComponentPlan, r: ReplicaPlan): PodRef => ({ namespace: c.namespace, pod: r.pod, component: c.name, validator: c.validator });
const statefulSets = (topology: Topology) => topology.components.filter((c) => c.workload === 'StatefulSet');

function scope(text: string, kind: ResolvedTarget['kind'], components: ComponentPlan[]): ResolvedTarget {
  return { text, kind, components, pods: components.flatMap((c) => c.replicas.map((r) => podRef(c, r))) };
}

/** Every name a target may take in this devnet, for hints. */
export function targetNames(topology: Topology): string[] {
  const owner = (c: ComponentPlan) => (c.validator === null ? 'shared' : `validator-${c.validator}`);
  const validators = topology.validators.map((v) => `validator-${v.index}`);
  return [...validators, ...new Set(statefulSets(topology).map((c) => `${owner(c)}/${c.name}`))];
}

function hintFor(topology: Topology): string {
  const names = targetNames(topology);
  const shown = names.length > 8 ? [...names.slice(0, 8), '…'] : names;
  return `targets of this devnet: ${shown.join(', ')}; a pod as validator-0/${statefulSets(topology)[0]?.replicas[0]?.pod ?? 'proxy-0'}`;
}

function resolveOne(topology: Topology, text: string): ResolvedTarget | string {
  const sets = statefulSets(topology);
  const whole = /^validator-(\d+)$/.exec(text);
  if (whole !== null) {
    const index = Number(whole[1]);
    if (index >= topology.validators.length) return `${text} does not exist: this devnet has validators 0-${topology.validators.length - 1}`;
    return scope(text, 'validator', sets.filter((c) => c.validator === index));
  }
  const scoped = /^(?:validator-(\d+)|(shared))\/([a-z0-9-]+)$/.exec(text);
  if (scoped !== null) {
    const validator = scoped[2] === undefined ? Number(scoped[1]) : null;
    if (validator !== null && validator >= topology.validators.length) return `${text} names validator-${validator}, which does not exist: this devnet has validators 0-${topology.validators.length - 1}`;
    const mine = sets.filter((c) => c.validator === validator);
    const component = mine.find((c) => c.name === scoped[3]);
    if (component !== undefined) return scope(text, 'component', [component]);
    for (const c of mine) {
      const replica = c.replicas.find((r) => r.pod === scoped[3]);
      if (replica !== undefined) return { text, kind: 'pod', components: [c], pods: [podRef(c, replica)] };
    }
    return `${text}: ${validator === null ? 'the shared namespace' : `validator-${validator}`} has no component or pod "${scoped[3]}"`;
  }
  const everywhere = sets.filter((c) => c.name === text);
  if (everywhere.length > 0) return scope(text, 'component', everywhere);
  return `"${text}" is not a validator, component or pod of this devnet`;
}

export function resolveTargets(topology: Topology, target: string | readonly string[]): Resolution {
  const texts = typeof target === 'string' ? target.split(',').map((t) => t.trim()).filter((t) => t !== '') : [...target];
  const targets: ResolvedTarget[] = [];
  for (const text of texts) {
    const resolved = resolveOne(topology, text);
    if (typeof resolved === 'string') return { ok: false, message: resolved, hint: hintFor(topology) };
    targets.push(resolved);
  }
  if (targets.length === 0) return { ok: false, message: 'names no target', hint: hintFor(topology) };
  return { ok: true, targets };
}

/** The pods of the targets, each once. */
export function podsOf(targets: readonly ResolvedTarget[]): PodRef[] {
  const seen = new Map<string, PodRef>();
  for (const pod of targets.flatMap((t) => t.pods)) seen.set(`${pod.namespace}/${pod.pod}`, pod);
  return [...seen.values()];
}

/** The other side of a partition: every pod of a validator the group does not hold, and of no component it holds. */
export function otherSide(topology: Topology, group: readonly ResolvedTarget[]): PodRef[] {
  const mine = new Set(podsOf(group).map((p) => `${p.namespace}/${p.pod}`));
  const validators = new Set(group.flatMap((t) => t.components.map((c) => c.validator)));
  return statefulSets(topology)
    .filter((c) => c.validator !== null && !validators.has(c.validator))
    .flatMap((c) => c.replicas.map((r) => podRef(c, r)))
    .filter((p) => !mine.has(`${p.namespace}/${p.pod}`));
}

/** Why an action cannot take these targets, or undefined when it can. */
export function actionProblem(topology: Topology, action: ChaosAction, targets: readonly ResolvedTarget[]): { message: string; hint: string } | undefined {
  if (action === 'kill') {
    const wide = targets.find((t) => t.kind !== 'pod' && t.pods.length !== 1);
    if (wide !== undefined) return { message: `kill hits one pod at a time, and ${wide.text} has ${wide.pods.length} pods`, hint: `name a pod, e.g. ${wide.pods[0] === undefined ? 'validator-0/proxy-0' : `${wide.pods[0].validator === null ? 'shared' : `validator-${wide.pods[0].validator}`}/${wide.pods[0].pod}`}` };
  }
  if (action === 'stop') {
    const pod = targets.find((t) => t.kind === 'pod');
    if (pod !== undefined) return { message: `stop scales whole components to 0, and ${pod.text} is one pod`, hint: 'stop a validator or a component; to restart one pod, use kill' };
  }
  if (action === 'partition' && otherSide(topology, targets).length === 0) {
    return { message: 'leaves no validator on the other side of the partition', hint: 'partition some validators (or their components) from the others, e.g. validator-0' };
  }
  return undefined;
}
