/**
 * Measure again until the answer is good or the time is up. A round cut short by the deadline is
 * not reported when an earlier round finished: that one says more than "interrupted".
 */
import { setTimeout as delay } from 'node:timers/promises';
import { progressReporter } from '../waiting.js';

export interface UntilOptions {
  intervalMs?: number;
  /** Told now and then, while rounds fail, that the wait goes on and what the last round saw. */
  still?: ((line: string) => void) | undefined;
}

export async function until<T extends { ok: boolean; seen?: string }>(withinSeconds: number, signal: AbortSignal, round: (signal: AbortSignal) => Promise<T>, options: UntilOptions = {}): Promise<T> {
  const { intervalMs = 2000, still } = options;
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(withinSeconds * 1000)]);
  const report = still === undefined ? undefined : progressReporter(withinSeconds * 1000, still);
  let last: T | undefined;
  for (;;) {
    let result: T;
    try {
      result = await round(deadline);
    } catch (error) {
      // The deadline cut this round short: the round before it is the answer, if there was one.
      if (deadline.aborted && !signal.aborted && last !== undefined) return last;
      throw error;
    }
    if (result.ok) return result;
    if (deadline.aborted) return last ?? result;
    last = result;
    report?.(result.seen);
    try {
      await delay(intervalMs, undefined, { signal: deadline });
    } catch {
      return last;
    }
  }
}
