/**
 * Measure again until the answer is good or the time is up. A round cut short by the deadline is
 * not reported when an earlier round finished: that one says more than "interrupted".
 */
import { setTimeout as delay } from 'node:timers/promises';

export async function until<T extends { ok: boolean }>(withinSeconds: number, signal: AbortSignal, round: (signal: AbortSignal) => Promise<T>, intervalMs = 2000): Promise<T> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(withinSeconds * 1000)]);
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
    try {
      await delay(intervalMs, undefined, { signal: deadline });
    } catch {
      return last;
    }
  }
}
