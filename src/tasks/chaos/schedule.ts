/**
 * A profile's `chaos:` schedule: each fault applied at its `at` (counted from when the schedule
 * starts: the devnet ready in `up`, or `devnet chaos run`), and undone after its `for`. The faults
 * go through the same code as `devnet chaos`, so each is confirmed and recorded, and `chaos status`,
 * `chaos clear` and `down` see them. A Ctrl-C undoes the faults the schedule was timing; those
 * without a `for` stay, as they would after the schedule ended.
 */
import type { ChaosEntry } from '../../config/chaos.js';
import { parseDuration } from '../../networks/duration.js';
import { sleep } from '../../system/sleep.js';
import { applyFault, undoFault, type FaultRequest } from './actions.js';
import type { ChaosContext } from './context.js';
import type { Fault } from './record.js';
import { describeFault, targetText } from './words.js';

/** What the schedule did, as it did it: the NDJSON events of `up -o json` and `chaos run -o json`. */
export type ScheduleEvent =
  | { event: 'chaos'; index: number; atSeconds: number; action: string; target: string; id?: string | undefined; value?: string | undefined; summary: string; confirmation: string }
  | { event: 'chaos-undone'; index: number; atSeconds: number; action: string; target: string; id: string; summary: string; confirmation: string };

export function requestOf(entry: ChaosEntry): FaultRequest {
  return {
    action: entry.action,
    target: entry.target,
    percent: entry.percent,
    rate: entry.rate,
    delay: entry.delay,
    process: entry.process,
    forSeconds: entry.for === undefined ? undefined : parseDuration(entry.for),
  };
}

interface Step {
  at: number;
  index: number;
  kind: 'apply' | 'undo';
}

/** The steps in time order; at the same second, undoing comes before applying (a fault may follow one that ends then). */
export function timeline(entries: readonly ChaosEntry[]): Step[] {
  const steps: Step[] = entries.flatMap((entry, index) => {
    const at = parseDuration(entry.at);
    const apply: Step = { at, index, kind: 'apply' };
    return entry.for === undefined || entry.action === 'kill' ? [apply] : [apply, { at: at + parseDuration(entry.for), index, kind: 'undo' }];
  });
  return steps.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.index - b.index : a.kind === 'undo' ? -1 : 1));
}

/**
 * Plays the schedule and returns when its last step is done. A step that fails stops the schedule:
 * the faults it was timing are undone, and the error is thrown.
 */
export async function playSchedule(ctx: ChaosContext, entries: readonly ChaosEntry[], report: (event: ScheduleEvent) => void): Promise<void> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) / 100) / 10;
  const timed = new Map<number, Fault>();
  try {
    for (const step of timeline(entries)) {
      const wait = step.at * 1000 - (performance.now() - started);
      if (wait > 0) await sleep(wait, ctx.signal);
      const entry = entries[step.index];
      if (entry === undefined) continue;
      if (step.kind === 'apply') {
        const applied = await applyFault(ctx, requestOf(entry));
        if (applied.fault !== undefined && entry.for !== undefined) timed.set(step.index, applied.fault);
        report({ event: 'chaos', index: step.index, atSeconds: elapsed(), action: entry.action, target: targetText(entry.target), id: applied.fault?.id, value: applied.fault?.value, summary: applied.summary, confirmation: applied.confirmation });
        continue;
      }
      const fault = timed.get(step.index);
      if (fault === undefined) continue;
      const said = await undoFault(ctx, fault);
      timed.delete(step.index);
      report({ event: 'chaos-undone', index: step.index, atSeconds: elapsed(), action: fault.action, target: fault.target, id: fault.id, summary: describeFault(fault), confirmation: said });
    }
  } finally {
    if (timed.size > 0) {
      // With a signal of its own: the one that stopped the schedule may be the Ctrl-C.
      const undoCtx = { ...ctx, signal: AbortSignal.timeout(300_000) };
      for (const [index, fault] of timed) {
        // One that cannot be undone does not keep the others in: chaos clear takes it out later.
        const said = await undoFault(undoCtx, fault).catch((error: unknown) => `not undone (${error instanceof Error ? error.message : String(error)}); devnet chaos clear takes it out`);
        report({ event: 'chaos-undone', index, atSeconds: elapsed(), action: fault.action, target: fault.target, id: fault.id, summary: describeFault(fault), confirmation: said });
      }
    }
  }
}
