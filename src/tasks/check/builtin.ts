/** The network's built-in checks as assertions: each measured again until it passes or its time is up. */
import type { BuiltinCheck } from '../../networks/check-kit.js';
import { builtinChecks } from '../../networks/registry.js';
import { parseDuration } from '../../networks/duration.js';
import type { CommandLines } from '../../output/command-line.js';
import type { LoadedProfile } from '../load-profile.js';
import { kubeProbes } from './probes.js';
import type { Assertion } from './types.js';
import { until } from './until.js';

export function builtinAssertions(loaded: LoadedProfile, lines: CommandLines): { assertions: Assertion[]; note?: string } {
  const settings = loaded.profile.checks.builtin;
  if (!settings.enabled) return { assertions: [], note: 'built-in checks are off (checks.builtin.enabled: false)' };
  const checks = builtinChecks(loaded.profile, loaded.topology, lines);
  if (checks === undefined) return { assertions: [], note: `devnet has no built-in checks for ${loaded.profile.network} networks yet` };
  const within = parseDuration(settings.within);
  return { assertions: checks.map((check) => assertionOf(check, within)) };
}

/** A built-in check as an assertion: measured again until it passes or `withinSeconds` is up. */
export function assertionOf(check: BuiltinCheck, withinSeconds: number): Assertion {
  return {
    id: check.id,
    name: check.name,
    source: 'builtin',
    kind: 'builtin',
    expected: `${check.expected}, within ${withinSeconds}s`,
    where: check.where,
    withinSeconds,
    async run(ctx) {
      const verdict = await until(withinSeconds, ctx.signal, (signal) => check.measure(kubeProbes(ctx.kube, signal, ctx.loaded.topology, ctx.client), signal), { still: ctx.still });
      return { status: verdict.ok ? 'passed' : 'failed', seen: verdict.seen, measurements: verdict.measurements };
    },
  };
}
