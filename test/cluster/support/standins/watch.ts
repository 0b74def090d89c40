/**
 * A watch that keeps going, as a controller's informer does: it reconnects when the API server
 * ends the stream, retries while the resource does not exist yet (a stand-in may start before
 * the CRDs are applied), and keeps the objects it last saw. Events carry raw JSON objects.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchedObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; generation?: number; uid?: string; deletionTimestamp?: string };
}

export interface ResourceWatch<T> {
  /** The objects as last seen, in no particular order. */
  list(): T[];
  stop(): void;
}

export interface WatchOptions {
  fieldSelector?: string;
  labelSelector?: string;
  /** Called with each failed connection (the watch retries on its own). */
  onError?: (error: unknown) => void;
}

const RETRY_MS = 250;

export const keyOf = (o: WatchedObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export function watchResource<T extends WatchedObject>(
  kc: KubeConfig,
  path: string,
  onEvent: (type: WatchEventType, object: T) => void,
  options: WatchOptions = {},
): ResourceWatch<T> {
  const watch = new Watch(kc);
  const seen = new Map<string, T>();
  let resourceVersion = '';
  let stopped = false;
  let controller: AbortController | undefined;
  let retry: NodeJS.Timeout | undefined;

  const handle = (type: string, object: T & { code?: number }) => {
    if (type === 'ERROR') {
      if (object.code === 410) resourceVersion = '';
      return;
    }
    resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
    if (type === 'BOOKMARK') return;
    if (type === 'DELETED') seen.delete(keyOf(object));
    else seen.set(keyOf(object), object);
    onEvent(type as WatchEventType, object);
  };
  const done = (error: unknown) => {
    if (stopped) return;
    const status = (error as { statusCode?: number } | null)?.statusCode;
    if (status === 410) resourceVersion = '';
    const timedOut = (error as { name?: string } | null)?.name === 'TimeoutError';
    // 404: the resource is not served yet (its CRD is still to come); that is expected, not news.
    if (error !== null && error !== undefined && !timedOut && status !== 404) options.onError?.(error);
    retry = setTimeout(connect, error === null || timedOut ? 0 : RETRY_MS);
  };
  function connect(): void {
    retry = undefined;
    const query = { fieldSelector: options.fieldSelector, labelSelector: options.labelSelector, allowWatchBookmarks: true, resourceVersion: resourceVersion || undefined };
    watch.watch(path, query, handle, done).then(
      (started) => {
        controller = started;
        if (stopped) started.abort();
      },
      (error: unknown) => done(error),
    );
  }
  connect();
  return {
    list: () => [...seen.values()],
    stop: () => {
      stopped = true;
      clearTimeout(retry);
      controller?.abort();
    },
  };
}
