/** Waiting on watches: resolve when a condition over an informer's objects holds, never poll. */
import { InterruptedError } from '../errors/index.js';
import type { LiveObject } from './client.js';
import type { Informer } from './informer.js';

export function waitFor<T extends LiveObject>(informer: Informer<T>, condition: (objects: T[]) => boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new InterruptedError());
    let unsubscribe = () => {};
    const finish = (error?: Error) => {
      unsubscribe();
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
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** round, 4000)));
    }
  }
}
