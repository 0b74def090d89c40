/**
 * Watchlog health as an assertion: every replica of a component with a `health:` keyword is
 * healthy. The evaluation of health from log streams belongs to devnet's health module; until it
 * is wired in here (replace `evaluateHealth`), the assertion is reported as skipped, saying why.
 */
import type { HealthCheck } from '../../config/checks.js';
import type { Measurement } from '../../networks/check-kit.js';
import type { Assertion, CheckContext } from './types.js';

/** One replica's watchlog state, as the health module reports it. */
export interface ReplicaHealth {
  target: string;
  healthy: boolean;
  detail: string;
}

/** The hook: health of every replica of the component (all components with health when undefined). */
export type HealthEvaluator = (ctx: CheckContext, component: string | undefined) => Promise<ReplicaHealth[]>;

export const evaluateHealth: HealthEvaluator | undefined = undefined;

export function healthAssertion(spec: HealthCheck, base: Pick<Assertion, 'id' | 'name' | 'source'>): Assertion {
  const scope = spec.component ?? 'every component with a health keyword';
  return {
    ...base,
    kind: 'health',
    expected: `every replica of ${scope} is healthy by its watchlog keyword`,
    where: `devnet logs ${spec.component ?? ''}`.trim(),
    withinSeconds: 0,
    async run(ctx) {
      const evaluator = evaluateHealth as HealthEvaluator | undefined;
      if (evaluator === undefined) return { status: 'skipped', seen: 'watchlog health is not available in this version of devnet', measurements: [] };
      const replicas = await evaluator(ctx, spec.component);
      const measurements: Measurement[] = replicas.map((r) => ({ target: r.target, value: r.detail, ok: r.healthy }));
      const failed = measurements.filter((m) => !m.ok);
      return { status: measurements.length > 0 && failed.length === 0 ? 'passed' : 'failed', seen: (failed.length > 0 ? failed : measurements).map((m) => `${m.target}: ${m.value}`).join('; ') || 'no replica with a health keyword', measurements };
    },
  };
}
