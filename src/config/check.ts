/**
 * Checks a profile in three stages — schema, defaults, cross-field rules (with the topology it
 * plans to) — and returns every problem found, each located in the file or on the command line.
 * What the profile may contain, how it plans and which rules apply come from the network kinds,
 * through a ProfileModel: the registry of network kinds builds the one devnet uses.
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import { PlanError, PlanErrors } from './plan-error.js';
import { issuesToProblems } from './issues.js';
import { applyOverrides, overrideFor, type Override } from './overrides.js';
import type { LocatedProblem, Problem } from './problem.js';
import { parseSource, type ProfileSource } from './source.js';
import { documentData } from './yaml-problems.js';

export interface ProfileInput {
  /** The path shown in messages, as the user gave it. */
  file: string;
  text: string;
  overrides?: readonly Override[];
  /**
   * What the command does with the profile: deploy (or describe a deployment of) it, the default,
   * or work on a devnet that exists, where problems of viability are only warnings (see Problem).
   */
  use?: ProfileUse;
}

export type ProfileUse = 'deploy' | 'existing';

export type ProfileResult<P, T> =
  | { ok: true; profile: P; topology: T; warnings: LocatedProblem[] }
  | { ok: false; errors: LocatedProblem[]; warnings: LocatedProblem[]; stage: CheckStage };

/** What the stages need to know of the networks: P is a profile with its defaults, T what it plans to. */
export interface ProfileModel<Parsed, P, T> {
  schema: z.ZodType<Parsed>;
  /** The defaults stage. */
  normalise(parsed: Parsed): P;
  /** Throws PlanError (or PlanErrors) for a profile that cannot be planned. */
  plan(profile: P): T;
  /** The cross-field rules; topology is absent when planning failed. */
  rules(profile: P, topology: T | undefined): Problem[];
}

/**
 * Where checking stopped. Each stage reports all of its problems, but a later one needs the earlier
 * to pass: fields cannot be read from YAML that does not parse, nor rules run across invalid fields.
 */
export type CheckStage = 'yaml' | 'fields' | 'rules';

export function profileChecker<Parsed, P, T>(model: ProfileModel<Parsed, P, T>): (input: ProfileInput) => ProfileResult<P, T> {
  return (input) => checkProfile(model, input);
}

function checkProfile<Parsed, P, T>(model: ProfileModel<Parsed, P, T>, input: ProfileInput): ProfileResult<P, T> {
  const overrides = input.overrides ?? [];
  const { source, syntax } = parseSource(input.file, input.text);
  if (syntax.length > 0) {
    return fail('yaml', syntax.map((s) => ({ severity: 'error', path: [], message: s.message, hint: s.hint, origin: s.location })));
  }
  const overrideFailures = applyOverrides(source.doc, overrides);
  if (overrideFailures.length > 0) {
    return fail('fields', overrideFailures.map((f) => ({ severity: 'error', path: f.override.path, message: f.message, hint: f.hint, origin: { flag: f.override.flag } })));
  }
  const data = toData(source.doc);
  const parsed = model.schema.safeParse(data, { reportInput: true });
  const locate = locator(source, overrides);
  if (!parsed.success) return fail('fields', sortByPosition(issuesToProblems(model.schema, parsed.error.issues, data).map(locate)));
  const profile = model.normalise(parsed.data);
  const { topology, problems: planProblems } = plan(() => model.plan(profile));
  const found = [...planProblems, ...model.rules(profile, topology)].map((p) => (input.use === 'existing' ? warnOfViability(p) : p));
  const problems = sortByPosition(found.map(locate));
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (errors.length > 0 || topology === undefined) return { ok: false, errors, warnings, stage: 'rules' };
  return { ok: true, profile, topology, warnings };
}

function plan<T>(planned: () => T): { topology: T | undefined; problems: Problem[] } {
  try {
    return { topology: planned(), problems: [] };
  } catch (error) {
    if (error instanceof PlanErrors) return { topology: undefined, problems: error.errors.map(planProblem) };
    if (error instanceof PlanError) return { topology: undefined, problems: [planProblem(error)] };
    throw error;
  }
}

function warnOfViability(problem: Problem): Problem {
  return problem.viability === true ? { ...problem, severity: 'warning' } : problem;
}

/** File positions first, in reading order; problems from flags after them. */
function sortByPosition(problems: LocatedProblem[]): LocatedProblem[] {
  const rank = (p: LocatedProblem) => ('flag' in p.origin ? [1, 0, 0] : [0, p.origin.line, p.origin.col]);
  return [...problems].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
  });
}

function toData(doc: Document): unknown {
  const data = documentData(doc);
  return data === null || data === undefined ? {} : data;
}

function planProblem(error: PlanError): Problem {
  return { severity: 'error', path: error.path, message: error.message, hint: error.hint };
}

function locator(source: ProfileSource, overrides: readonly Override[]) {
  return (problem: Problem): LocatedProblem => {
    const override = overrideFor(overrides, problem.path) ?? overrideCreating(overrides, problem);
    return { ...problem, origin: override ? { flag: override.flag } : source.locate(problem.path, problem.at) };
  };
}

/**
 * An unknown field on the way to a --set path was made by that --set (`--set linera.shard.replicas=4`
 * makes `linera.shard`): the problem belongs to the flag, not to the nearest line of the file.
 */
function overrideCreating(overrides: readonly Override[], problem: Problem): Override | undefined {
  if (problem.at !== 'key') return undefined;
  return [...overrides].reverse().find((o) => problem.path.length < o.path.length && problem.path.every((s, i) => String(s) === String(o.path[i])));
}

function fail(stage: CheckStage, errors: LocatedProblem[]): ProfileResult<never, never> {
  return { ok: false, errors, warnings: [], stage };
}
