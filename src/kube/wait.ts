/** Waiting on watches: resolve when a condition over an informer's objects holds, never poll. */
import { InterruptedError } from '../errors/index.js';
import { backoffMs, sleep } from '../system/sleep.js';
import type { LiveObject } from './client.js';
import type { Informer } from './informer.js';

export function waitFor<T extends LiveObject>(informer: Informer<T>, condition: (objects: T[]) => boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new InterruptedError());
    let unsubscribe = () => {};
    let unsubscribeErrors = () => {};
    const finish = (error?: Error) => {
      unsubscribe();
      unsubscribeErrors();
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => finish(new InterruptedError());
    const check = () => {
      if (informer.error !== undefined) return finish(informer.error);
      try {
        if (condition(informer.list())) finish();
      } catch (error) {
        finish(error as Error);
      }
    };
    unsubscribe = informer.onChange(check);
    // A watch that gave up ends the wait at once, not at the deadline.
    unsubscribeErrors = informer.onError((error, final) => final && finish(error));
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}

/** Retries `attempt` with backoff while `transient(error)` says the failure may heal; the signal bounds it. */
export async function retrying<T>(attempt: () => Promise<T>, transient: (error: unknown) => boolean, signal: AbortSignal, onRetry?: (error: unknown) => void): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) throw new InterruptedError();
      if (!transient(error)) throw error;
      onRetry?.(error);
      await sleep(backoffMs(round), signal);
    }
  }
}
