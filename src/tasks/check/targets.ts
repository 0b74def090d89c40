/** The replicas an assertion looks at, and how to name them in reports. */
import type { PodTarget } from '../../contracts/probes.js';
import { podTargets } from '../../networks/check-kit.js';
import type { Topology } from '../../networks/topology.js';

export function replicasOf(topology: Topology, component: string, validator: number | undefined): PodTarget[] {
  return podTargets(topology, [component]).filter((t) => validator === undefined || t.validator === validator);
}

/** "validator-1/node" or "node": the selector devnet logs takes for these replicas. */
export function selectorOf(component: string, validator: number | undefined): string {
  return validator === undefined ? component : `validator-${validator}/${component}`;
}

export function failures(measurements: { target: string; value: string; ok: boolean }[]): string {
  const failed = measurements.filter((m) => !m.ok);
  if (measurements.length === 0) return 'no replica to look at';
  return (failed.length === 0 ? measurements : failed).map((m) => `${m.target}: ${m.value}`).join('; ');
}
