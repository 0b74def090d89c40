/** Container logs through the API: a snapshot, or a stream that follows the container. */
import type { Kube } from './client.js';
import { KubeApiError } from './transport.js';

export interface LogQuery {
  container?: string | undefined;
  previous?: boolean | undefined;
  tailLines?: number | undefined;
  sinceTime?: string | undefined;
  sinceSeconds?: number | undefined;
  timestamps?: boolean | undefined;
  /** The API server stops after this many bytes (of the newest lines, with tailLines). */
  limitBytes?: number | undefined;
}

function query(options: LogQuery, follow: boolean) {
  return {
    container: options.container,
    previous: options.previous || undefined,
    tailLines: options.tailLines,
    sinceTime: options.sinceTime,
    sinceSeconds: options.sinceSeconds,
    timestamps: options.timestamps || undefined,
    limitBytes: options.limitBytes,
    follow: follow || undefined,
  };
}

/** The log as it is now; undefined when there is none (e.g. no previous container). */
export async function readLog(kube: Kube, namespace: string, pod: string, options: LogQuery, signal?: AbortSignal): Promise<string | undefined> {
  let text = '';
  try {
    await kube.transport.stream(`/api/v1/namespaces/${namespace}/pods/${pod}/log`, query(options, false), (chunk) => (text += chunk), signal ?? new AbortController().signal);
  } catch (error) {
    if (error instanceof KubeApiError && (error.status === 400 || error.status === 404)) return undefined;
    throw error;
  }
  return text;
}

/** Streams the log until the container stops or the signal aborts; `onText` gets raw chunks. */
export function followLog(kube: Kube, namespace: string, pod: string, options: LogQuery, onText: (text: string) => void, signal: AbortSignal): Promise<void> {
  return kube.transport.stream(`/api/v1/namespaces/${namespace}/pods/${pod}/log`, query(options, true), onText, signal);
}
