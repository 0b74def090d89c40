/**
 * A long wait says it is still waiting, how long of how long, and what it last saw: a single line
 * left alone for fifteen minutes reads as a hang.
 */
import { formatSeconds } from '../tui/format.js';

/** How often: about fifteen times over the whole wait, at least every minute, at most every 5s. */
export function reportEveryMs(totalMs: number): number {
  return Math.min(60_000, Math.max(5_000, Math.round(totalMs / 15)));
}

/** "still waiting (2m of 15m; bootstrap-0 has logged 0 lines)". */
export function stillWaiting(elapsedMs: number, totalMs: number, detail?: string): string {
  const time = `${formatSeconds(elapsedMs / 1000)} of ${formatSeconds(totalMs / 1000)}`;
  return `still waiting (${time}${detail === undefined || detail === '' ? '' : `; ${detail}`})`;
}

/** Calls `say` with a still-waiting line when one is due; `now` and `startedAt` are epoch ms. */
export function progressReporter(totalMs: number, say: (line: string) => void, startedAt = Date.now()): (detail: string | undefined, now?: number) => void {
  const every = reportEveryMs(totalMs);
  let next = startedAt + every;
  return (detail, now = Date.now()) => {
    if (now < next) return;
    next = now + every;
    say(stillWaiting(now - startedAt, totalMs, detail));
  };
}
