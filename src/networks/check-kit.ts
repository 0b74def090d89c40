/**
 * The vocabulary of built-in checks: what a network declares (src/networks/<kind>/checks.ts) and
 * what `devnet check` runs (src/tasks/check/). Measuring goes through the injected Probes.
 */
import type { PodTarget, Probes } from '../contracts/probes.js';
import type { CommonProfile } from '../config/schema.js';
import type { ComponentPlan, Topology } from './topology.js';

/** What one replica (or endpoint) showed. */
export interface Measurement {
  target: string;
  value: string;
  ok: boolean;
}

export interface Verdict {
  ok: boolean;
  /** What was measured, one entry per target. */
  measurements: Measurement[];
  /** In words, what the measurements show, e.g. "node-1 of validator-0 has 0 peers". */
  seen: string;
}

export interface BuiltinCheck {
  id: string;
  /** What passing proves, e.g. "best block ≥ 3 and finalized ≥ 1 on every node". */
  name: string;
  expected: string;
  /** Where to look when it fails, e.g. a devnet logs command. */
  where: string;
  /** One round of measurements; the runner repeats it until it passes or the deadline passes. */
  measure(probes: Probes, signal: AbortSignal): Promise<Verdict>;
}

/** Writes `devnet …` follow-up commands with the flags the user gave (src/output/command-line.ts). */
export interface FollowUp {
  devnet(command: string): string;
}

export interface BuiltinSuite<P extends CommonProfile = CommonProfile> {
  /**
   * Built-in checks of this devnet, from its profile (settings under checks.builtin) and topology;
   * `lines` writes their `where` commands with the flags `devnet check` was given.
   */
  checks(profile: P, topology: Topology, lines: FollowUp): BuiltinCheck[];
}

/** Every replica of the named components, as targets for probes. */
export function podTargets(topology: Topology, components: readonly string[]): PodTarget[] {
  return topology.components
    .filter((c) => components.includes(c.name) && c.workload === 'StatefulSet')
    .flatMap((c) => c.replicas.map((r) => ({ namespace: c.namespace, pod: r.pod, component: c.name, validator: c.validator, ports: portsOf(c) })));
}

export function portsOf(component: ComponentPlan): Record<string, number> {
  return Object.fromEntries(component.ports.map((p) => [p.name, p.port]));
}

/** "validator-0/node-1", or "shared/bootstrap-0": how devnet logs and status name a replica. */
export function targetName(target: Pick<PodTarget, 'validator' | 'pod'>): string {
  return `${target.validator === null ? 'shared' : `validator-${target.validator}`}/${target.pod}`;
}

/** Runs `measure` on every target at once; a target that does not answer is a failed measurement. */
export async function measureAll<T>(targets: readonly PodTarget[], measure: (target: PodTarget) => Promise<T>): Promise<{ target: PodTarget; value?: T; error?: string }[]> {
  return Promise.all(
    targets.map(async (target) => {
      try {
        return { target, value: await measure(target) };
      } catch (error) {
        return { target, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

export function verdictOf(measurements: Measurement[], describeFailure: (failed: Measurement[]) => string): Verdict {
  const failed = measurements.filter((m) => !m.ok);
  return { ok: measurements.length > 0 && failed.length === 0, measurements, seen: measurements.length === 0 ? 'no replica to measure' : failed.length === 0 ? measurements.map((m) => `${m.target}: ${m.value}`).join(', ') : describeFailure(failed) };
}
