/** What the log engine hands out, and the API it reads through. */
import type { PodObject } from '../../kube/conditions.js';
import type { LogQuery } from '../../kube/logs.js';
import type { LogLine } from '../../tui/model.js';

/** A pod as the log views name it: `key` is `namespace/name`, the dashboard's PodRow.key. */
export interface PodRef {
  key: string;
  namespace: string;
  name: string;
}

export interface MatchedPod {
  ref: PodRef;
  containers: string[];
}

type PodFields = { pod: string; namespace: string; podName: string };

/**
 * The dashboard's LogEvent (src/tui/model.ts) with what a printer needs besides: the pod's parts,
 * and why a container restarted. Every member is assignable to LogEvent.
 */
export type FollowerEvent =
  | ({ kind: 'pod-added' } & PodFields)
  | ({ kind: 'pod-removed' } & PodFields)
  | ({ kind: 'container-restarted'; container: string; restarts: number; exitCode?: number; reason?: string } & PodFields)
  | ({ kind: 'reconnecting'; container: string; reason: string } & PodFields);

export interface LogSink {
  /** Lines in the order they were read, one batch per chunk a stream delivered. */
  lines(lines: LogLine[]): void;
  event(event: FollowerEvent): void;
  /** The pods that match at the start and their containers, before any of their lines. */
  synced?(pods: MatchedPod[]): void;
}

/** The pods/log API (src/kube/logs.ts), injectable so the resume logic can be tested against scripted streams. */
export interface LogApi {
  follow(namespace: string, pod: string, query: LogQuery, onText: (text: string) => void, signal: AbortSignal): Promise<void>;
  read(namespace: string, pod: string, query: LogQuery, signal: AbortSignal): Promise<string | undefined>;
}

export type ContainerStatus = NonNullable<NonNullable<PodObject['status']>['containerStatuses']>[number];

export function podRef(pod: PodObject): PodRef {
  const namespace = pod.metadata.namespace ?? '';
  return { key: `${namespace}/${pod.metadata.name}`, namespace, name: pod.metadata.name };
}

export function podFields(ref: PodRef): PodFields {
  return { pod: ref.key, namespace: ref.namespace, podName: ref.name };
}

/** Init containers first (they ran first), then the others; each with its status when there is one. */
export function containersOf(pod: PodObject, only: string | undefined): { name: string; status: ContainerStatus | undefined }[] {
  const spec = (pod.spec ?? {}) as { initContainers?: { name: string }[]; containers?: { name: string }[] };
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
    .filter((c) => only === undefined || c.name === only)
    .map((c) => ({ name: c.name, status: statuses.find((s) => s.name === c.name) }));
}

/** Whether the kubelet has a log for the container: it runs or ran. */
export function hasLog(status: ContainerStatus | undefined): boolean {
  return status?.state?.running !== undefined || status?.state?.terminated !== undefined || status?.lastState?.terminated !== undefined;
}
