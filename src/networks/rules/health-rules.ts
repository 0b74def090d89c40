/**
 * Cross-field rules of `health:` blocks: a list of check ids gives one per replica of the devnet,
 * in index order, so its length depends on `validators` and `replicas` (each kind says which
 * sections it has, and how many replicas each covers). kubevali refuses to start
 * when a replica's index has no id (darwinia-network/kubevali@377704c, config/config.go:164-166);
 * devnet says so before anything is deployed.
 */
import type { Problem } from '../../config/problem.js';
import type { HealthSpec } from '../health.js';

/** One `health:` block of a profile and the replicas it covers: a kind lists its own. */
export interface HealthSection {
  path: (string | number)[];
  health: HealthSpec | undefined;
  replicas: number;
  /** "4 nodes (2 validators × 2 replicas)". */
  counted: string;
}

/** `replicas` of a section repeated in every validator: "4 nodes (2 validators × 2)". */
export function perValidator(validators: number, what: string, replicas: number): Pick<HealthSection, 'replicas' | 'counted'> {
  return { replicas: validators * replicas, counted: `${validators * replicas} ${what} (${validators} validator${validators === 1 ? '' : 's'} × ${replicas})` };
}

export function healthCheckCount(sections: readonly HealthSection[]): Problem[] {
  return sections.flatMap(({ path, health, replicas, counted }) => {
    const checks = health?.pings?.checks;
    if (checks === undefined || checks === 'slug' || checks.length === replicas) return [];
    return [
      {
        severity: 'error' as const,
        path: [...path, 'health', 'pings', 'checks'],
        message: `has ${checks.length} check id${checks.length === 1 ? '' : 's'}, but the devnet runs ${counted}`,
        hint: `give one id per replica in index order (replica N pings checks[N]), or write checks: slug to derive one per pod`,
      },
    ];
  });
}
