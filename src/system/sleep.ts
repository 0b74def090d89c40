/**
 * Waiting that Ctrl-C and the overall deadline can end: every pause in devnet goes through here, so
 * no wait outlives the signal that bounds it.
 */
import { InterruptedError } from '../errors/index.js';

/** Resolves after `ms`, or rejects with InterruptedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Backoff for attempt 0, 1, 2…: `first` doubled each time, never more than `max`. */
export function backoffMs(attempt: number, first = 250, max = 4000): number {
  return Math.min(first * 2 ** Math.max(0, attempt), max);
}

/**
 * Whether the signal ended because a deadline passed (AbortSignal.timeout, also through
 * AbortSignal.any) rather than because someone aborted it (Ctrl-C).
 */
export function abortedByDeadline(signal: AbortSignal): boolean {
  return signal.aborted && (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
}
