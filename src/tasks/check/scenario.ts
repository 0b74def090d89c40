/**
 * devnet check --scenario: faults and assertions in the scenario's order. A fault is put in (and
 * confirmed) through the same code as `devnet chaos`; an assertion runs while the faults before it
 * hold, and one marked `fails: true` passes only if it never passes within its time. Whatever the
 * scenario put in is taken out at its end, on a failure and on Ctrl-C.
 */
import { join, resolve } from 'node:path';
import { UserError } from '../../errors/index.js';
import { checkScenario, type Expectation, type Scenario, type ScenarioStep } from '../../networks/scenario.js';
import { formatProblem } from '../../config/problem.js';
import type { Verdict } from '../../networks/check-kit.js';
import { builtinChecks } from '../../networks/registry.js';
import { parseDuration } from '../../networks/duration.js';
import { podsOf, resolveTargets } from '../../networks/fault-targets.js';
import type { CommandLines } from '../../output/command-line.js';
import { theme } from '../../output/theme.js';
import { isFile, readText } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { packageRoot } from '../../system/paths.js';
import { sleep } from '../../system/sleep.js';
import { applyFault, undoFault } from '../chaos/actions.js';
import type { ChaosContext } from '../chaos/context.js';
import type { Fault } from '../chaos/record.js';
import { describeFault, targetText } from '../chaos/words.js';
import type { LoadedProfile } from '../load-profile.js';
import { assertionOf } from './builtin.js';
import { declaredAssertion } from './declared.js';
import type { Assertion, CheckContext, Outcome, Result } from './types.js';

export const scenariosDir = (): string => join(packageRoot(), 'scenarios');

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** A scenario file, or the name of a shipped one (scenarios/NAME.yaml), checked against this devnet. */
export async function loadScenario(value: string, loaded: LoadedProfile, cwd: string, lines: CommandLines): Promise<LoadedScenario> {
  const shipped = join(scenariosDir(), `${value.replace(/\.ya?ml$/, '')}.yaml`);
  const path = (await isFile(resolve(cwd, value))) ? resolve(cwd, value) : !value.includes('/') && (await isFile(shipped)) ? shipped : undefined;
  if (path === undefined) throw new UserError(`There is no scenario ${value}: neither a file nor one devnet ships.`, { hint: 'give a path to a scenario YAML, or a shipped one: linera-quorum, substrate-finality, codex-restart (in the scenarios/ directory of devnet)' });
  const file = path === shipped ? `scenarios/${value.replace(/\.ya?ml$/, '')}.yaml` : value;
  const result = checkScenario(file, await readText(path), loaded.topology);
  if (!result.ok) {
    throw new UserError(`${file} has ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}:`, { details: result.errors.map(formatProblem), hint: 'fix them and run devnet check --scenario again; nothing was changed in the devnet' });
  }
  const known = new Set((builtinChecks(loaded.profile, loaded.topology, lines) ?? []).map((c) => c.id));
  for (const [i, step] of result.scenario.steps.entries()) {
    const id = 'expect' in step ? step.expect.builtin : undefined;
    if (id !== undefined && !known.has(id)) throw new UserError(`${file}: steps[${i}].expect.builtin: ${id} is not a built-in check of ${loaded.profile.network} networks.`, { hint: `the built-in checks are ${[...known].join(', ') || 'none'}` });
  }
  return { file, scenario: result.scenario };
}

/** The validators a fault takes away from the network as a client sees it: stopped, or cut off. */
function validatorsTaken(loaded: LoadedProfile, fault: Fault): number[] {
  if (fault.action !== 'stop' && fault.action !== 'partition') return [];
  const resolved = resolveTargets(loaded.topology, fault.target);
  if (!resolved.ok) return [];
  return [...new Set(podsOf(resolved.targets).flatMap((p) => (p.validator === null ? [] : [p.validator])))];
}

const validatorOf = (target: string) => /^validator-(\d+)\b/.exec(target)?.[1];

/** A built-in check that does not measure the validators the scenario took away: the network as its live validators see it. */
function builtinStep(loaded: LoadedProfile, lines: CommandLines, id: string, within: number, away: () => Set<number>): Assertion {
  const check = (builtinChecks(loaded.profile, loaded.topology, lines) ?? []).find((c) => c.id === id);
  if (check === undefined) throw new UserError(`${id} is not a built-in check of ${loaded.profile.network} networks.`);
  return assertionOf({
    ...check,
    async measure(probes, signal) {
      // A round that could not finish (a client cut off by a validator the scenario stopped) is a
      // failed round, measured again, not the end of the assertion.
      const verdict = await check.measure(probes, signal).catch((error: unknown): Verdict => {
        if (signal.aborted) throw error;
        return { ok: false, measurements: [], seen: `could not be measured: ${error instanceof Error ? error.message : String(error)}` };
      });
      const gone = away();
      const kept = verdict.measurements.filter((m) => !gone.has(Number(validatorOf(m.target) ?? -1)));
      if (gone.size === 0 || kept.length === verdict.measurements.length) return verdict;
      const ok = kept.length > 0 && kept.every((m) => m.ok);
      const skipped = `not measured: ${[...gone].sort().map((v) => `validator-${v}`).join(', ')} (taken away by the scenario)`;
      const said = (ok ? kept : kept.filter((m) => !m.ok)).map((m) => `${m.target}: ${m.value}`).join(', ');
      return { ...verdict, ok, measurements: kept, seen: `${said || verdict.seen}; ${skipped}` };
    },
  }, within);
}

function stepName(step: ScenarioStep): string {
  if (step.name !== undefined) return step.name;
  if ('fault' in step) return `${step.fault.action} ${targetText(step.fault.target)}`;
  if ('restore' in step) return `restore ${targetText(step.restore)}`;
  if ('wait' in step) return `wait ${step.wait}`;
  return step.expect.builtin ?? 'assertion';
}

function expectationOf(step: Expectation, index: number, loaded: LoadedProfile, lines: CommandLines, host: string, away: () => Set<number>): Assertion {
  const within = parseDuration(step.within);
  if (step.builtin !== undefined) return builtinStep(loaded, lines, step.builtin, within, away);
  if (step.check === undefined) throw new UserError('an expect step needs builtin or check');
  return declaredAssertion(step.check, 'profile', index, loaded.topology, host, lines);
}

/** With fails: true the result turns over: never passing within the time is what was expected. */
function judged(result: Result, expectation: Expectation): Result {
  if (!expectation.fails) return result;
  return result.status === 'passed'
    ? { ...result, status: 'failed', seen: `passed although the scenario expects it to fail: ${result.seen}` }
    : { ...result, status: 'passed', seen: `did not pass within ${expectation.within}, as expected: ${result.seen}` };
}

export interface ScenarioRun {
  ctx: CheckContext;
  chaos: ChaosContext;
  lines: CommandLines;
  host: string;
  io: Io;
  json: boolean;
  report: (outcome: Outcome) => void;
}

/** Plays the scenario; returns the outcome of each step that asserts or faults. Stops at the first that fails. */
export async function runScenario({ file, scenario }: LoadedScenario, run: ScenarioRun): Promise<Outcome[]> {
  const { io, json } = run;
  const t = theme(io.env, io.stdout);
  const made: Fault[] = [];
  const away = () => new Set(made.flatMap((f) => validatorsTaken(run.chaos.loaded, f)));
  const outcomes: Outcome[] = [];
  const say = (line: string, event: Record<string, unknown>) => io.stdout.write(json ? `${JSON.stringify({ time: new Date().toISOString(), event: 'scenario-step', scenario: scenario.name, ...event })}\n` : `${line}\n`);
  if (!json) io.stdout.write(`${t.bold(`Scenario ${scenario.name}`)} ${t.dim(`(${file}, ${scenario.steps.length} steps)`)}${scenario.description === undefined ? '' : `\n${t.dim(scenario.description.trim())}`}\n`);
  const undo = async (faults: Fault[], signal: AbortSignal) => {
    for (const fault of faults) {
      const said = await undoFault({ ...run.chaos, signal }, fault);
      made.splice(made.indexOf(fault), 1);
      say(`${t.ok('✔')} undone ${describeFault(fault)}: ${said}`, { step: 'restore', target: fault.target, action: fault.action, confirmation: said });
    }
  };
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const name = `${index + 1}. ${stepName(step)}`;
      if ('wait' in step) {
        say(t.dim(`… ${name}`), { step: 'wait', index, seconds: parseDuration(step.wait) });
        await sleep(parseDuration(step.wait) * 1000, run.ctx.signal);
      } else if ('restore' in step) {
        const targets = step.restore === 'all' ? undefined : resolveTargets(run.chaos.loaded.topology, step.restore);
        const pods = targets?.ok === true ? new Set(podsOf(targets.targets).map((p) => `${p.namespace}/${p.pod}`)) : undefined;
        const hits = made.filter((f) => {
          if (pods === undefined) return true;
          const mine = resolveTargets(run.chaos.loaded.topology, f.target);
          return mine.ok && podsOf(mine.targets).some((p) => pods.has(`${p.namespace}/${p.pod}`));
        });
        await undo(hits, run.ctx.signal);
      } else if ('fault' in step) {
        const started = performance.now();
        const applied = await applyFault(run.chaos, { ...step.fault });
        if (applied.fault !== undefined) made.push(applied.fault);
        say(`${t.warning('●')} ${name}: ${applied.summary}: ${applied.confirmation}`, { step: 'fault', index, action: step.fault.action, target: targetText(step.fault.target), id: applied.fault?.id, confirmation: applied.confirmation, durationMs: Math.round(performance.now() - started) });
      } else {
        const assertion = expectationOf(step.expect, index, run.ctx.loaded, run.lines, run.host, away);
        const started = performance.now();
        const { run: measure, ...described } = assertion;
        const result = await measure(run.ctx).catch((error: unknown): Result => ({ status: 'failed', seen: `could not be measured: ${error instanceof Error ? error.message : String(error)}`, measurements: [] }));
        const outcome: Outcome = {
          ...described,
          id: `scenario/${scenario.name}/${index + 1}`,
          name: `${name}${step.expect.fails ? ' (expected to fail)' : ''}`,
          expected: step.expect.fails ? `not: ${described.expected}` : described.expected,
          ...judged(result, step.expect),
          durationMs: Math.round(performance.now() - started),
        };
        outcomes.push(outcome);
        run.report(outcome);
        if (outcome.status === 'failed') break;
      }
    }
  } finally {
    // The devnet is left as the scenario found it, Ctrl-C or not: with a signal of its own.
    if (made.length > 0) await undo([...made].reverse(), AbortSignal.timeout(300_000));
  }
  return outcomes;
}
