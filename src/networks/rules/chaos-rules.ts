/**
 * Cross-field rules for fault entries (a profile's `chaos:` schedule, a scenario's fault steps):
 * each names targets the devnet has, gives the one value its action needs, and two faults of the
 * same kind never hold the same target at the same time.
 */
import { parseDuration } from '../duration.js';
import { actionProblem, podsOf, resolveTargets } from '../fault-targets.js';
import type { Topology } from '../topology.js';
import type { ChaosEntry } from '../../config/chaos.js';
import type { Problem } from '../../config/problem.js';
import type { CommonProfile } from '../../config/schema.js';

type Path = (string | number)[];

const VALUE_OF = { loss: 'percent', bandwidth: 'rate', latency: 'delay' } as const;
const EXAMPLE = { percent: 'percent: 10', rate: 'rate: 1mbit', delay: 'delay: 100ms' } as const;

/** Problems of one entry at `path` (e.g. ['chaos', 2]). */
export function entryProblems(entry: ChaosEntry, path: Path, topology: Topology): Problem[] {
  const problems: Problem[] = [];
  const needs = entry.action in VALUE_OF ? VALUE_OF[entry.action as keyof typeof VALUE_OF] : undefined;
  if (needs !== undefined && entry[needs] === undefined) problems.push(error([...path], `a ${entry.action} fault needs ${needs}`, `add ${EXAMPLE[needs]}`));
  for (const field of ['percent', 'rate', 'delay'] as const) {
    if (entry[field] !== undefined && field !== needs) problems.push(error([...path, field], `does not apply to ${entry.action}`, `leave it out, or use action: ${Object.entries(VALUE_OF).find(([, f]) => f === field)?.[0] ?? ''}`));
  }
  if (entry.process !== undefined && entry.action !== 'kill') problems.push(error([...path, 'process'], `applies to kill only, not to ${entry.action}`, 'leave it out'));
  if (entry.action === 'kill' && entry.for !== undefined) problems.push(error([...path, 'for'], 'does not apply to kill: the pod or process comes back by itself', 'leave it out'));
  if (entry.for !== undefined && parseDuration(entry.for) <= 0) problems.push(error([...path, 'for'], 'must be longer than 0s', 'leave it out to keep the fault until devnet chaos clear'));
  const resolved = resolveTargets(topology, entry.target);
  if (!resolved.ok) return [...problems, error([...path, 'target'], resolved.message, resolved.hint)];
  const refused = actionProblem(topology, entry.action, resolved.targets);
  if (refused !== undefined) problems.push(error([...path, 'target'], refused.message, refused.hint));
  return problems;
}

interface Window {
  index: number;
  start: number;
  end: number;
  action: string;
  pods: Set<string>;
}

/** Two faults of the same action on one pod at once: the second could not be told apart from the first, nor undone alone. */
function overlaps(entries: readonly ChaosEntry[], topology: Topology): Problem[] {
  const windows: Window[] = entries.flatMap((entry, index) => {
    const resolved = resolveTargets(topology, entry.target);
    if (!resolved.ok || entry.action === 'kill') return [];
    const start = parseDuration(entry.at);
    return [{ index, start, end: entry.for === undefined ? Infinity : start + parseDuration(entry.for), action: entry.action, pods: new Set(podsOf(resolved.targets).map((p) => `${p.namespace}/${p.pod}`)) }];
  });
  const problems: Problem[] = [];
  for (const b of windows) {
    const a = windows.find((w) => w.index < b.index && w.action === b.action && w.start < b.end && b.start < w.end && [...b.pods].some((p) => w.pods.has(p)));
    if (a !== undefined) problems.push(error(['chaos', b.index, 'at'], `starts while chaos[${a.index}] (${a.action}) still holds the same target`, `start it after ${a.end === Infinity ? 'chaos clear' : `${a.end}s`}, or give chaos[${a.index}] a for: that ends first`));
  }
  return problems;
}

export function chaosProblems(profile: CommonProfile, topology: Topology | undefined): Problem[] {
  if (topology === undefined) return [];
  return [...profile.chaos.flatMap((entry, i) => entryProblems(entry, ['chaos', i], topology)), ...overlaps(profile.chaos, topology)];
}

function error(path: Path, message: string, hint: string): Problem {
  return { severity: 'error', path, message, hint, viability: true };
}
