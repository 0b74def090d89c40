/**
 * A ScyllaCluster's status as scylla-operator reports it (docs/source/reference/conditions.md):
 * members per rack from the StatefulSets, and the aggregated conditions Available, Progressing
 * and Degraded, each with the generation it describes. "Healthy" is Available=True,
 * Progressing=False, Degraded=False.
 */
import { racksOf, statefulSetName, type ScyllaCluster } from './scylla-resources.js';

export interface StatefulSetObject {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number; currentRevision?: string; updateRevision?: string };
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

/** Rolled out and every replica ready, as the StatefulSet controller reports it. */
export function statefulSetReady(set: StatefulSetObject | undefined): boolean {
  if (set === undefined) return false;
  const wanted = set.spec?.replicas ?? 1;
  const s = set.status ?? {};
  return (s.observedGeneration ?? 0) >= (set.metadata?.generation ?? 0) && (s.readyReplicas ?? 0) >= wanted && (s.updatedReplicas ?? 0) >= wanted && s.currentRevision === s.updateRevision;
}

/**
 * The status for these StatefulSets (keyed by name). `holdBack` keeps the cluster Progressing
 * and not Available whatever the StatefulSets say: the "never becomes Available" misbehaviour.
 */
export function renderStatus(cluster: ScyllaCluster, sets: ReadonlyMap<string, StatefulSetObject>, holdBack: boolean, now: string): Record<string, unknown> {
  const generation = cluster.metadata.generation ?? 0;
  const racks: Record<string, object> = {};
  const totals = { members: 0, readyMembers: 0, availableMembers: 0 };
  let allReady = racksOf(cluster).length > 0;
  for (const rack of racksOf(cluster)) {
    const set = sets.get(statefulSetName(cluster, rack));
    const members = rack.members ?? 0;
    const readyMembers = set?.status?.readyReplicas ?? 0;
    const availableMembers = set?.status?.availableReplicas ?? 0;
    racks[rack.name] = { members, readyMembers, availableMembers, updatedMembers: set?.status?.updatedReplicas ?? 0, stale: set === undefined, version: cluster.spec?.version ?? '' };
    totals.members += members;
    totals.readyMembers += readyMembers;
    totals.availableMembers += availableMembers;
    allReady &&= statefulSetReady(set);
  }
  const healthy = allReady && !holdBack;
  const waiting = `Waiting for ${totals.readyMembers}/${totals.members} members to become ready`;
  const previous = (cluster.status?.conditions ?? []) as Condition[];
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => {
    const before = previous.find((c) => c.type === type);
    const lastTransitionTime = before?.status === status ? before.lastTransitionTime : now;
    return { type, status, reason, message, observedGeneration: generation, lastTransitionTime };
  };
  return {
    observedGeneration: generation,
    ...totals,
    rackCount: racksOf(cluster).length,
    racks,
    conditions: [
      healthy ? condition('Available', 'True', 'AsExpected', '') : condition('Available', 'False', 'MembersNotReady', waiting),
      healthy ? condition('Progressing', 'False', 'AsExpected', '') : condition('Progressing', 'True', 'RolloutInProgress', waiting),
      condition('Degraded', 'False', 'AsExpected', ''),
    ],
  };
}

/** Whether writing `next` would change anything a reader can see. */
export function statusDiffers(current: Record<string, unknown> | undefined, next: Record<string, unknown>): boolean {
  const seen = Object.fromEntries(Object.keys(next).map((key) => [key, current?.[key]]));
  return canonical(seen) !== canonical(next);
}

/** JSON with object keys sorted: the API server returns custom resources' keys in its own order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
