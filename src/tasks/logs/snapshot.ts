/**
 * Reading logs once (`devnet logs` without -f, and --previous): several containers at a time,
 * printed whole and in a stable order (namespace, pod, init containers first), so two runs over
 * the same devnet print the same thing.
 */
import type { PodObject } from '../../kube/conditions.js';
import { LineSplitter, splitTimestamp, type TimedLine } from './cursor.js';
import { containersOf, hasLog, podRef, type ContainerStatus, type LogApi, type PodRef } from './types.js';

const CONCURRENT_READS = 8;

export interface SnapshotRequest {
  scope: { container?: string | undefined };
  previous: boolean;
  tail?: number | undefined;
  sinceSeconds?: number | undefined;
}

type Emit = (ref: PodRef, container: string, lines: TimedLine[], previous: boolean) => void;
type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Reads and emits every matching container's log; resolves with how many had one. */
export async function readSnapshot(pods: readonly PodObject[], request: SnapshotRequest, api: LogApi, emit: Emit, signal: AbortSignal): Promise<number> {
  const jobs = sortPods(pods).flatMap((pod) =>
    containersOf(pod, request.scope.container)
      .filter((c) => (request.previous ? hasPrevious(c.status) : hasLog(c.status)))
      .map((c) => ({ ref: podRef(pod), container: c.name })),
  );
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  const query = (container: string) => ({ container, timestamps: true, previous: request.previous, tailLines: request.tail, sinceSeconds: request.sinceSeconds });
  const reads = inOrder(jobs, CONCURRENT_READS, (job) => api.read(job.ref.namespace, job.ref.name, query(job.container), controller.signal));
  let read = 0;
  try {
    for (const [i, job] of jobs.entries()) {
      const result = await reads[i];
      if (result === undefined) continue;
      if (!result.ok) throw result.error;
      if (result.value === undefined) continue;
      read++;
      emit(job.ref, job.container, parseLog(result.value), request.previous);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    controller.abort();
  }
  return read;
}

export function parseLog(text: string): TimedLine[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.end()].map(splitTimestamp);
}

function hasPrevious(status: ContainerStatus | undefined): boolean {
  return status?.lastState?.terminated !== undefined || (status?.restartCount ?? 0) > 0;
}

export function sortPods(pods: readonly PodObject[]): PodObject[] {
  const order = (p: PodObject) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
  return [...pods].sort((a, b) => order(a).localeCompare(order(b), undefined, { numeric: true }));
}

/** Runs `fn` over `items`, at most `limit` at a time, and gives each result back where its item was. */
function inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<Settled<R>>[] {
  const queue: (() => void)[] = [];
  let running = 0;
  const acquire = async () => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return items.map(async (item): Promise<Settled<R>> => {
    await acquire();
    try {
      return { ok: true, value: await fn(item) };
    } catch (error) {
      return { ok: false, error };
    } finally {
      release();
    }
  });
}
