/**
 * Watchlog health as an assertion: every replica of a component with a `health:` rule shows its
 * keyword, judged by devnet's health module (src/tasks/health/) the way `devnet health` judges it:
 * the logs' last `within` is read, then followed until every replica is healthy or the longest
 * `within` of the rules has passed.
 */
import type { HealthCheck } from '../../config/checks.js';
import type { PodObject } from '../../kube/conditions.js';
import { Informer } from '../../kube/informer.js';
import type { CommandLines } from '../../output/command-line.js';
import { LABEL } from '../../render/labels.js';
import { HealthMonitor } from '../health/index.js';
import { replicaJson, replicaLabel } from '../health/report.js';
import { untilHealthy } from '../health/wait.js';
import type { Assertion, CheckContext, Result } from './types.js';

export function healthAssertion(spec: HealthCheck, base: Pick<Assertion, 'id' | 'name' | 'source'>, withinSeconds: number, lines: CommandLines): Assertion {
  const scope = spec.component ?? 'every component with a health rule';
  return {
    ...base,
    kind: 'health',
    expected: `every replica of ${scope} logs its health keyword within the rule's time, judged within ${withinSeconds}s`,
    where: `${lines.devnet('health')}${spec.component === undefined ? '' : ` (${lines.devnet(`logs ${spec.component}`)})`}`,
    withinSeconds,
    run: (ctx) => evaluate(ctx, spec.component, withinSeconds),
  };
}

async function evaluate(ctx: CheckContext, component: string | undefined, withinSeconds: number): Promise<Result> {
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  let failure: Error | undefined;
  const pods = new Informer<PodObject>(ctx.kube, 'v1', 'Pod', { labelSelector: `${LABEL.instance}=${ctx.loaded.profile.name}` });
  const monitor = new HealthMonitor(ctx.kube, ctx.loaded.topology, pods, {
    follow: true,
    onError: (error) => {
      failure ??= error;
      controller.abort();
    },
  });
  try {
    await pods.start(signal);
    await monitor.start(signal);
    await untilHealthy(monitor, AbortSignal.any([signal, AbortSignal.timeout(withinSeconds * 1000)]));
    const now = Date.now();
    const replicas = monitor.replicas(now).filter((r) => component === undefined || r.component === component);
    const measurements = replicas.map((r) => {
      const shown = replicaJson(r, now) as { text: string };
      return { target: replicaLabel(r), value: shown.text, ok: r.health?.state === 'healthy' };
    });
    if (failure !== undefined) return { status: 'failed', seen: `the logs could not be read: ${failure.message}`, measurements };
    const failed = measurements.filter((m) => !m.ok);
    const seen = measurements.length === 0 ? 'no replica with a health rule' : (failed.length > 0 ? failed : measurements).map((m) => `${m.target}: ${m.value}`).join('; ');
    return { status: measurements.length > 0 && failed.length === 0 ? 'passed' : 'failed', seen, measurements };
  } finally {
    controller.abort();
    pods.stop();
  }
}
