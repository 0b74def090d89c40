/**
 * What "ready" means for each kind devnet waits on, and how a pod is doing, read from the objects
 * the API returns. Pure functions: the same answers for status, up, logs and the dashboard.
 */
import type { LiveObject } from './client.js';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: string }; terminated?: { reason?: string; exitCode?: number; message?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number; finishedAt?: string } };
}

export interface PodObject extends LiveObject {
  spec?: { nodeName?: string; containers?: { name: string; image: string }[] };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    podIP?: string;
    hostIP?: string;
  };
}

const conditions = (o: LiveObject): Condition[] => ((o as { status?: { conditions?: Condition[] } }).status?.conditions ?? []);
const condition = (o: LiveObject, type: string) => conditions(o).find((c) => c.type === type);
const generation = (o: LiveObject) => o.metadata.generation ?? 0;
const observed = (o: LiveObject) => (o as { status?: { observedGeneration?: number } }).status?.observedGeneration ?? 0;

export function statefulSetReady(o: LiveObject): boolean {
  const spec = (o as { spec?: { replicas?: number } }).spec;
  const status = (o as { status?: { readyReplicas?: number; updatedReplicas?: number; currentRevision?: string; updateRevision?: string } }).status;
  const wanted = spec?.replicas ?? 1;
  return observed(o) >= generation(o) && (status?.readyReplicas ?? 0) >= wanted && (status?.updatedReplicas ?? 0) >= wanted && status?.currentRevision === status?.updateRevision;
}

export function deploymentAvailable(o: LiveObject): boolean {
  const status = (o as { status?: { updatedReplicas?: number; availableReplicas?: number } }).status;
  const wanted = (o as { spec?: { replicas?: number } }).spec?.replicas ?? 1;
  return observed(o) >= generation(o) && condition(o, 'Available')?.status === 'True' && (status?.updatedReplicas ?? 0) >= wanted && (status?.availableReplicas ?? 0) >= wanted;
}

export type JobState = 'complete' | 'failed' | 'running';

export function jobState(o: LiveObject): JobState {
  if (condition(o, 'Complete')?.status === 'True') return 'complete';
  if (condition(o, 'Failed')?.status === 'True') return 'failed';
  return 'running';
}

export function crdEstablished(o: LiveObject): boolean {
  return condition(o, 'Established')?.status === 'True';
}

/** scylla-operator's meaning of healthy: Available, not Progressing, not Degraded, all for the current generation. */
export function scyllaClusterReady(o: LiveObject): boolean {
  const current = (type: string, status: string) => {
    const c = condition(o, type);
    return c?.status === status && (c.observedGeneration === undefined || c.observedGeneration >= generation(o));
  };
  return current('Available', 'True') && current('Progressing', 'False') && current('Degraded', 'False');
}

export type PodState = 'ready' | 'starting' | 'pending' | 'waiting' | 'failing' | 'succeeded' | 'failed' | 'terminating' | 'unknown';

export interface PodSummary {
  state: PodState;
  ready: string;
  restarts: number;
  reason?: string;
  message?: string;
  lastExitCode?: number;
  /** A problem that will not go away by waiting. */
  fatal: boolean;
}

/** Waiting reasons a kubelet keeps retrying but that need a change from the user. */
const NOT_HEALING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'CrashLoopBackOff', 'RunContainerError']);

export function summarisePod(pod: PodObject): PodSummary {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  const all = [...(status.initContainerStatuses ?? []), ...containers];
  const restarts = containers.reduce((n, c) => n + c.restartCount, 0);
  const readyCount = containers.filter((c) => c.ready).length;
  const total = pod.spec?.containers?.length ?? containers.length;
  const base = { ready: `${readyCount}/${total}`, restarts, ...lastExit(containers) };
  if (pod.metadata.deletionTimestamp !== undefined) return { ...base, state: 'terminating', fatal: false };
  if (status.phase === 'Succeeded') return { ...base, state: 'succeeded', fatal: false };
  if (status.phase === 'Failed') return { ...base, state: 'failed', fatal: true, ...reasonOf(all) };
  const waiting = all.find((c) => c.state?.waiting?.reason !== undefined);
  const waitingReason = waiting?.state?.waiting?.reason;
  if (waitingReason !== undefined && NOT_HEALING.has(waitingReason)) {
    return { ...base, state: 'failing', reason: waitingReason, message: waiting?.state?.waiting?.message ?? '', fatal: fatalWaiting(waitingReason, waiting?.restartCount ?? 0, waiting?.state?.waiting?.message) };
  }
  const scheduled = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (status.phase === 'Pending' || status.phase === undefined) {
    if (scheduled?.status === 'False') return { ...base, state: 'pending', reason: scheduled.reason ?? 'Unschedulable', message: scheduled.message ?? '', fatal: false };
    if (waitingReason !== undefined) return { ...base, state: 'waiting', reason: waitingReason, message: waiting?.state?.waiting?.message ?? '', fatal: false };
    return { ...base, state: 'pending', fatal: false };
  }
  if (status.phase === 'Running') {
    const ready = (status.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
    if (ready) return { ...base, state: 'ready', fatal: false };
    return { ...base, state: 'starting', reason: waitingReason ?? 'not ready yet', fatal: false };
  }
  return { ...base, state: 'unknown', fatal: false };
}

/** Image errors are final at once; a crash loop as soon as the kubelet backs off (see FATAL_GRACE_MS). */
function fatalWaiting(reason: string, restarts: number, message: string | undefined): boolean {
  if (reason === 'CrashLoopBackOff') return restarts >= 1;
  if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull') return /not found|manifest unknown|pull access denied|unauthorized|no such host|invalid reference/i.test(message ?? '') || reason === 'ImagePullBackOff';
  return true;
}

function reasonOf(statuses: ContainerStatus[]): { reason?: string; message?: string } {
  const terminated = statuses.find((c) => c.state?.terminated)?.state?.terminated;
  return terminated === undefined ? {} : { reason: terminated.reason ?? 'Error', message: terminated.message ?? '' };
}

function lastExit(statuses: ContainerStatus[]): { lastExitCode?: number } {
  const code = statuses.find((c) => c.lastState?.terminated?.exitCode !== undefined)?.lastState?.terminated?.exitCode;
  return code === undefined ? {} : { lastExitCode: code };
}

/** The container that is failing, so its previous log can be shown. */
export function failingContainer(pod: PodObject): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff' || c.lastState?.terminated !== undefined)?.name;
}

/** How long a pod must stay in a fatal state before a wait gives up on it: a crash loop may be a dependency still starting. */
export function fatalGraceMs(summary: PodSummary): number {
  return summary.reason === 'CrashLoopBackOff' ? 20_000 : 0;
}
