/**
 * `up --wait-healthy`: after the validators are ready, wait until every replica with a health rule
 * shows its keyword (src/tasks/health/), within the same --timeout as the rest of `up`.
 */
import { InterruptedError, TimeoutError } from '../../errors/index.js';
import { HealthMonitor, type ReplicaHealth } from '../health/index.js';
import { healthyCount, replicaLabel, stateOf } from '../health/report.js';
import { untilHealthy } from '../health/wait.js';
import { healthText } from '../../tui/format.js';
import type { UpContext } from './context.js';

export async function waitHealthy(ctx: UpContext, note: (message: string) => void): Promise<string> {
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  const monitor = new HealthMonitor(ctx.requireKube(), ctx.loaded.topology, ctx.requireWatch().pods, { follow: true });
  try {
    await monitor.start(signal);
    let last = '';
    const healthy = await untilHealthy(monitor, signal, (replicas) => {
      const progress = describe(replicas);
      if (progress !== last) note((last = progress));
    });
    const replicas = monitor.replicas();
    if (healthy) return `${replicas.length} replica${replicas.length === 1 ? '' : 's'} healthy`;
    if (ctx.io.signal.aborted) throw new InterruptedError('Interrupted while waiting for the replicas to be healthy.');
    const now = Date.now();
    const bad = replicas.filter((r) => r.health?.state !== 'healthy');
    throw new TimeoutError(`Not every replica was healthy within ${ctx.flags.timeoutSeconds}s: ${healthyCount(replicas)} of ${replicas.length} are.`, {
      details: bad.map((r) => `${replicaLabel(r)}: ${r.health === undefined ? 'no pod' : `${healthText(r.health, now)} (keyword "${r.health.keyword}")`}`),
      hint: `${ctx.lines.devnet(`logs ${replicaLabel(bad[0] ?? replicas[0] ?? { validator: 0, pod: '' })}`)} shows what it logs; ${ctx.lines.devnet('health --follow')} keeps watching; raise --timeout if the nodes need longer`,
    });
  } finally {
    controller.abort();
  }
}

/** "2/4 healthy; waiting: validator-1/node-0, validator-1/node-1". */
function describe(replicas: readonly ReplicaHealth[]): string {
  const byState = new Map<string, string[]>();
  for (const r of replicas) if (r.health?.state !== 'healthy') byState.set(stateOf(r), [...(byState.get(stateOf(r)) ?? []), replicaLabel(r)]);
  return [`${healthyCount(replicas)}/${replicas.length} healthy`, ...[...byState].map(([state, labels]) => `${state}: ${labels.join(', ')}`)].join('; ');
}
