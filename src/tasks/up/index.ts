/**
 * devnet up: from a profile to a running, healthy devnet, and the same again without changes on a
 * second run. Ctrl-C and the overall deadline abort every wait; what was applied stays, so the next
 * run converges from it.
 */
import { InterruptedError, isDevnetError, TimeoutError } from '../../errors/index.js';
import { formatProblem } from '../../config/problem.js';
import { commandLines } from '../../output/command-line.js';
import { theme } from '../../output/theme.js';
import type { Io } from '../../system/io.js';
import { loadProfile, type ProfileFlags } from '../load-profile.js';
import { rendererFor, runSteps } from '../steps.js';
import { targetOf, type ClusterFlags } from '../target.js';
import { UpContext, type UpFlags } from './context.js';
import { describeDiagnosis } from './diagnose.js';
import { confirmReset } from './gate.js';
import { UP_STEPS } from './steps.js';
import { writeSummary, type UpResult } from './summary.js';

export type { UpFlags } from './context.js';

export async function runUp(flags: ProfileFlags & ClusterFlags & UpFlags, io: Io): Promise<UpResult> {
  const loaded = await loadProfile(flags, io.cwd);
  const t = theme(io.env, io.stderr);
  for (const warning of loaded.warnings) io.stderr.write(`${t.warning('warning')} ${formatProblem(warning)}\n`);
  for (const note of loaded.topology.notes ?? []) io.stderr.write(`${t.hint('note')} ${note}\n`);
  const deadline = AbortSignal.timeout(flags.timeoutSeconds * 1000);
  const signal = AbortSignal.any([io.signal, deadline]);
  const target = targetOf(loaded.topology.cluster, flags, io);
  const ctx = new UpContext(flags, io, loaded, target, signal, commandLines(flags, target));
  const renderer = rendererFor(io, flags.json);
  const started = performance.now();
  try {
    // Nothing is changed before the question whether the old network may go (gate.ts).
    const gate = UP_STEPS.findIndex((s) => s.id === 'network') + 1;
    const before = await runSteps(UP_STEPS.slice(0, gate), ctx, io, renderer);
    await confirmReset(ctx);
    const after = await runSteps(UP_STEPS.slice(gate), ctx, io, renderer);
    return await writeSummary(ctx, [...before, ...after], Math.round(performance.now() - started), renderer);
  } catch (error) {
    const explained = await explainFailure(error, ctx, deadline, io);
    ctx.watch?.stop();
    if (flags.bundleOnFailure !== undefined && !io.signal.aborted) await bundleFailure(flags, io, ctx, explained);
    throw explained;
  } finally {
    ctx.watch?.stop();
  }
}

/** up --bundle-on-failure: the debugging bundle, with the failure written into it; the failure stays the error. */
async function bundleFailure(flags: ProfileFlags & ClusterFlags & UpFlags, io: Io, ctx: UpContext, failure: unknown): Promise<void> {
  const { runBundle } = await import('../bundle/index.js');
  const text = isDevnetError(failure) ? [failure.message, ...failure.details, ...(failure.hint === undefined ? [] : [`hint: ${failure.hint}`])].join('\n') : String(failure);
  try {
    await runBundle({ ...flags, out: flags.bundleOnFailure, failure: text }, io, ctx.loaded);
  } catch (error) {
    io.stderr.write(`could not write the bundle ${flags.bundleOnFailure ?? ''}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Turns an abort into the right error: the deadline (with what is still not ready) or Ctrl-C. */
async function explainFailure(error: unknown, ctx: UpContext, deadline: AbortSignal, io: Io): Promise<unknown> {
  const aborted = error instanceof InterruptedError || (error instanceof Error && error.name === 'AbortError');
  if (deadline.aborted && (aborted || !isDevnetError(error))) {
    const pending = ctx.watch === undefined ? [] : await ctx.watch.pending(ctx.loaded.topology.components, AbortSignal.timeout(10_000), ctx.lines).catch(() => []);
    return new TimeoutError(`The devnet was not ready after ${ctx.flags.timeoutSeconds}s.`, {
      details: pending.flatMap(describeDiagnosis),
      hint: pending.length > 0 ? (pending[0]?.hint ?? '') : `run ${ctx.lines.devnet('status')} to see what is still starting, or raise --timeout`,
      diagnosis: pending,
    });
  }
  // Ctrl-C reaches the programs devnet runs too (the terminal signals its whole process group), so
  // the error may be theirs: the interruption is still the cause.
  if (io.signal.aborted) {
    return new InterruptedError(`Interrupted. Everything applied so far stays; run ${ctx.lines.up()} again to continue from there.`);
  }
  return error;
}
