/**
 * A scenario for `devnet check --scenario`: faults and assertions in order, each assertion expected
 * to pass or to fail while the faults before it hold. One ships per network (scenarios/). A file is
 * read like a profile: YAML with positions, the schema, then rules against the devnet's topology,
 * and every problem points at its file, line and field.
 */
import * as z from 'zod';
import { chaosEntry } from '../config/chaos.js';
import { declaredCheck } from '../config/checks.js';
import { count, dnsLabel, duration } from '../config/fields.js';
import { issuesToProblems } from '../config/issues.js';
import type { LocatedProblem, Problem } from '../config/problem.js';
import { parseSource } from '../config/source.js';
import { documentData } from '../config/yaml-problems.js';
import { kindNamed, NETWORK_KINDS } from './registry.js';
import { entryProblems } from './rules/chaos-rules.js';
import type { Topology } from './topology.js';

const named = { name: z.string().min(1).max(200).optional().describe('What the step does, in the report (default: generated).') };

const expectation = z
  .strictObject({
    builtin: z.string().regex(/^[a-z]+\/[a-z-]+$/, { message: 'must be a built-in check id such as linera/transfer' }).optional().describe('A built-in check of the network by its id (devnet check -o json lists them), e.g. linera/transfer.'),
    check: declaredCheck.optional().describe('An assertion in the form of checks.assertions (log, metric, http, grpc or health).'),
    fails: z.boolean().default(false).describe('true: the assertion must NOT pass for the whole of within (e.g. no transfer certifies without a quorum).'),
    within: duration('How long the assertion may take to pass (with fails: true, how long it must keep failing).').default('2m'),
  })
  .refine((e) => (e.builtin === undefined) !== (e.check === undefined), { message: 'give either builtin or check, not both and not neither' })
  .describe('An assertion about the devnet with the faults so far in force. Replicas of validators the scenario stopped or cut off are not measured.');

const fault = chaosEntry.omit({ at: true, for: true }).describe('A fault, as in a profile\'s chaos: (without at and for): it holds until a restore step, or the end.');

export const scenarioStep = z.union([
  z.strictObject({ ...named, fault }),
  z.strictObject({ ...named, expect: expectation }),
  z.strictObject({ ...named, restore: z.union([z.literal('all'), z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('Undo the faults on these targets (all: every fault the scenario made).') }),
  z.strictObject({ ...named, wait: duration('Let this much time pass, e.g. 10s.') }),
]).describe('One step: exactly one of fault, expect, restore, wait.');

export const scenarioSchema = z
  .strictObject({
    apiVersion: z.literal('devnet/v1', { message: 'must be "devnet/v1"' }).describe('Format version.'),
    kind: z.literal('Scenario', { message: 'must be "Scenario"' }).describe('What this file is.'),
    name: dnsLabel('Name of the scenario, shown in reports.', 60),
    description: z.string().optional().describe('What the scenario shows.'),
    network: z.enum(NETWORK_KINDS).describe('The network kind it is written for.'),
    validators: count('The fewest validators the devnet needs for the scenario to mean something.', 1, 100).default(1),
    steps: z.array(scenarioStep).min(1).max(100).describe('What happens, in order.'),
  })
  .describe('A fault scenario for devnet check --scenario.');

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
export type Expectation = z.infer<typeof expectation>;

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: LocatedProblem[] };

/** Reads and checks a scenario for this devnet: schema first, then its targets against the topology. */
export function checkScenario(file: string, text: string, topology: Topology): ScenarioResult {
  const { source, syntax } = parseSource(file, text);
  if (syntax.length > 0) return { ok: false, errors: syntax.map((s) => ({ severity: 'error', path: [], message: s.message, hint: s.hint, origin: s.location })) };
  const data = documentData(source.doc) ?? {};
  const located = (p: Problem): LocatedProblem => ({ ...p, origin: source.locate(p.path, p.at) });
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: issuesToProblems(scenarioSchema, parsed.error.issues, data).map(located) };
  const scenario = parsed.data;
  const problems: Problem[] = [];
  if (scenario.network !== topology.network) problems.push({ severity: 'error', path: ['network'], message: `is ${scenario.network}, but the devnet is a ${topology.network} network`, hint: `run it against a ${scenario.network} devnet (-p ${kindNamed(scenario.network).shippedProfile})` });
  if (topology.validators.length < scenario.validators) problems.push({ severity: 'error', path: ['validators'], message: `is ${scenario.validators}, and the devnet has ${topology.validators.length}`, hint: `bring the devnet up with --validators ${scenario.validators} (or more)` });
  if (problems.length === 0) {
    for (const [i, step] of scenario.steps.entries()) {
      if ('fault' in step) problems.push(...entryProblems({ ...step.fault, at: '0s' }, ['steps', i, 'fault'], topology));
    }
  }
  return problems.length > 0 ? { ok: false, errors: problems.map(located) } : { ok: true, scenario };
}
