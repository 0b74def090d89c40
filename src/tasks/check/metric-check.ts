/** A Prometheus metric of each replica, read from its /metrics through the pod proxy and compared with a value. */
import type { MetricCheck } from '../../config/checks.js';
import { podProxy } from '../../kube/proxy.js';
import type { CommandLines } from '../../output/command-line.js';
import { measureAll, targetName, verdictOf } from '../../networks/check-kit.js';
import { parseDuration } from '../../networks/duration.js';
import { findComponent } from '../../networks/rules/check-rules.js';
import { compare, formatLabels, parseMetrics, selectSamples } from './prometheus.js';
import { failures, replicasOf, selectorOf } from './targets.js';
import type { Topology } from '../../networks/topology.js';
import type { Assertion } from './types.js';
import { until } from './until.js';

export function metricAssertion(spec: MetricCheck, base: Pick<Assertion, 'id' | 'name' | 'source'>, topology: Topology, lines: CommandLines): Assertion {
  const withinSeconds = parseDuration(spec.within);
  const component = findComponent(topology, spec.component);
  const port = component?.ports.find((p) => (spec.port === undefined ? p.metrics : p.name === spec.port))?.port;
  const first = replicasOf(topology, spec.component, spec.validator)[0];
  const series = `${spec.name}${formatLabels(spec.labels)}`;
  return {
    ...base,
    kind: 'metric',
    expected: `${series} ${spec.op} ${spec.value} on every replica of ${selectorOf(spec.component, spec.validator)}, within ${withinSeconds}s`,
    where: lines.kubectl(`get --raw /api/v1/namespaces/${first?.namespace ?? '<namespace>'}/pods/${first?.pod ?? '<pod>'}:${port ?? '<port>'}/proxy${spec.path} | grep ${spec.name}`),
    withinSeconds,
    async run(ctx) {
      const targets = replicasOf(ctx.loaded.topology, spec.component, spec.validator);
      const verdict = await until(withinSeconds, ctx.signal, async (signal) => {
        const results = await measureAll(targets, async (target) => {
          if (port === undefined) throw new Error('no metrics port');
          const answer = await podProxy(ctx.kube, { namespace: target.namespace, pod: target.pod, port }, { method: 'GET', path: spec.path }, signal);
          if (answer.unreachable !== undefined) throw new Error(answer.unreachable);
          if (answer.status !== 200) throw new Error(`${spec.path} answered HTTP ${answer.status}`);
          return selectSamples(parseMetrics(new TextDecoder().decode(answer.body)), spec.name, spec.labels);
        });
        const measurements = results.map(({ target, value, error }) => ({
          target: targetName(target),
          value: value === undefined ? `no answer (${error ?? ''})` : value.length === 0 ? `no sample of ${series}` : `${value.map((s) => s.value).join(', ')} (wanted ${spec.op} ${spec.value})`,
          ok: value !== undefined && value.length > 0 && value.every((s) => compare(s.value, spec.op, spec.value)),
        }));
        return verdictOf(measurements, failures);
      }, { still: ctx.still });
      return { status: verdict.ok ? 'passed' : 'failed', seen: verdict.seen, measurements: verdict.measurements };
    },
  };
}
