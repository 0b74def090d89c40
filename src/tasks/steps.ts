/**
 * Pipelines as data: each step has a title, optional enabled/skip predicates and a run function
 * that reports notes. They run under listr2 in a terminal, as plain lines without one, or as NDJSON
 * events with --json (everything human then goes to stderr). The choice is a small pure function.
 */
import type { WriteStream } from 'node:tty';
import { Listr, PRESET_TIMER, ProcessOutput } from 'listr2';
import type { Io } from '../system/io.js';
import { theme } from '../output/theme.js';

export interface Step<Ctx> {
  id: string;
  title: string;
  enabled?: (ctx: Ctx) => boolean;
  /** A reason to skip (shown), or false to run. */
  skip?: (ctx: Ctx) => string | false;
  /** Returns a short summary shown after the title, e.g. "reused kind cluster devnet". */
  run: (ctx: Ctx, note: (message: string) => void, progress: Progress) => Promise<string | void>;
}

/**
 * How far a long step is: a line for people (the task's output in a terminal, a line without one)
 * and the same as data for machines (a `progress` event with --json, e.g. images and bytes pulled).
 */
export type Progress = (message: string, data: Record<string, unknown>) => void;

export type RendererChoice = 'listr' | 'plain' | 'json';

export function chooseRenderer(options: { isTTY: boolean; ci: boolean; json: boolean; dumb: boolean }): RendererChoice {
  if (options.json) return 'json';
  if (!options.isTTY || options.ci || options.dumb) return 'plain';
  return 'listr';
}

export function rendererFor(io: Io, json: boolean): RendererChoice {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  // A terminal of no width (a pseudo-terminal nobody sized) would get listr2's lines one character wide.
  const sized = io.stderr.columns === undefined || io.stderr.columns > 0;
  return chooseRenderer({ isTTY: io.stderr.isTTY === true && sized, ci, json, dumb: io.env.TERM === 'dumb' });
}

export interface StepTiming {
  id: string;
  title: string;
  seconds: number;
  status: 'done' | 'skipped';
  summary?: string;
}

export async function runSteps<Ctx>(steps: readonly Step<Ctx>[], ctx: Ctx, io: Io, renderer: RendererChoice): Promise<StepTiming[]> {
  if (renderer === 'listr') return runWithListr(steps, ctx, io);
  const timings: StepTiming[] = [];
  const t = theme(io.env, io.stderr);
  const event = (data: object) => renderer === 'json' && io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...data })}\n`);
  for (const step of steps) {
    if (step.enabled !== undefined && !step.enabled(ctx)) continue;
    const reason = step.skip?.(ctx);
    if (reason) {
      io.stderr.write(`${t.dim('-')} ${step.title}: ${t.dim(`skipped, ${reason}`)}\n`);
      event({ event: 'phase', phase: step.id, status: 'skipped', reason });
      timings.push({ id: step.id, title: step.title, seconds: 0, status: 'skipped', summary: reason });
      continue;
    }
    const started = performance.now();
    io.stderr.write(`${t.dim('>')} ${step.title}\n`);
    event({ event: 'phase', phase: step.id, status: 'started' });
    const summary = await step.run(
      ctx,
      (message) => {
        io.stderr.write(`${t.dim(`  ${message}`)}\n`);
        event({ event: 'note', phase: step.id, message });
      },
      (message, data) => {
        io.stderr.write(`${t.dim(`  ${message}`)}\n`);
        event({ event: 'progress', phase: step.id, message, ...data });
      },
    );
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    io.stderr.write(`${t.ok('✔')} ${step.title}${summary ? `: ${summary}` : ''} ${t.dim(`(${seconds}s)`)}\n`);
    event({ event: 'phase', phase: step.id, status: 'finished', durationMs: Math.round(seconds * 1000), ...(summary ? { summary } : {}) });
    timings.push({ id: step.id, title: step.title, seconds, status: 'done', ...(summary ? { summary } : {}) });
  }
  return timings;
}

async function runWithListr<Ctx>(steps: readonly Step<Ctx>[], ctx: Ctx, io: Io): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  const output = new ProcessOutput(io.stderr as WriteStream, io.stderr as WriteStream, { leaveEmptyLine: false });
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      enabled: () => step.enabled?.(ctx) ?? true,
      skip: () => step.skip?.(ctx) ?? false,
      task: async (_: unknown, task: { output: string; title: string }) => {
        const started = performance.now();
        const summary = await step.run(ctx, (message) => (task.output = message), (message) => (task.output = message));
        if (summary) task.title = `${step.title}: ${summary}`;
        timings.push({ id: step.id, title: step.title, seconds: Math.round((performance.now() - started) / 100) / 10, status: 'done', ...(summary ? { summary } : {}) });
      },
    })),
    {
      renderer: 'default',
      rendererOptions: { timer: PRESET_TIMER, collapseSubtasks: false, outputBar: 3, persistentOutput: false },
      registerSignalListeners: false,
      exitOnError: true,
      processOutput: output,
    } as ConstructorParameters<typeof Listr>[1],
  );
  await list.run();
  return timings;
}
