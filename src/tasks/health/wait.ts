/** Waiting until every replica with a health rule is healthy. */
import type { HealthMonitor, ReplicaHealth } from './monitor.js';

export const allHealthy = (replicas: readonly ReplicaHealth[]) => replicas.every((r) => r.health?.state === 'healthy');

/**
 * Resolves true once every replica is healthy, false when the signal aborts first. `progress` hears
 * each change (a monitor that follows its logs tells them; see HealthMonitor.start).
 */
export function untilHealthy(monitor: HealthMonitor, signal: AbortSignal, progress?: (replicas: ReplicaHealth[]) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => {
      const replicas = monitor.replicas();
      progress?.(replicas);
      if (allHealthy(replicas)) finish(true);
    };
    const stop = () => finish(false);
    const unsubscribe = monitor.onChange(check);
    signal.addEventListener('abort', stop, { once: true });
    function finish(healthy: boolean) {
      unsubscribe();
      signal.removeEventListener('abort', stop);
      resolve(healthy);
    }
    if (signal.aborted) finish(false);
    else check();
  });
}
