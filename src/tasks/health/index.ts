/** Log-keyword health (kubevali's watchlog) for status, the dashboard, `up --wait-healthy` and `devnet health`. */
import type { Kube } from '../../kube/client.js';
import type { Topology } from '../../networks/topology.js';
import { HealthMonitor, healthComponents, type MonitorOptions, type PodSource } from './monitor.js';

export { HealthMonitor, healthComponents, type ReplicaHealth, type PodSource } from './monitor.js';

export interface StartOptions extends Pick<MonitorOptions, 'follow' | 'pingUrl'> {
  signal: AbortSignal;
  /** Health is extra information here: a log that cannot be read is said, not fatal. */
  warn: (message: string) => void;
}

/** A monitor with its first read done, or undefined when no component has a rule (or the logs cannot be read). */
export async function startHealth(kube: Kube, topology: Topology, pods: PodSource, options: StartOptions): Promise<HealthMonitor | undefined> {
  if (healthComponents(topology).length === 0) return undefined;
  const monitor = new HealthMonitor(kube, topology, pods, { ...options, onError: (error) => options.warn(`log health stopped: ${error.message}`) });
  try {
    await monitor.start(options.signal);
    return monitor;
  } catch (error) {
    if (options.signal.aborted) throw error;
    options.warn(`log health is not shown: ${(error as Error).message}`);
    return undefined;
  }
}

/** Every replica's state in one string, to tell a change of state from a new match. */
export function healthStates(monitor: HealthMonitor | undefined): string {
  return (monitor?.replicas() ?? []).map((r) => `${r.key}=${r.health?.state ?? 'none'}`).join(' ');
}
