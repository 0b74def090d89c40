/** Declared assertions (profile `checks.assertions`, command-line flags) as runnable assertions. */
import type { DeclaredCheck } from '../../config/checks.js';
import { entry } from '../../networks/rules/check-rules.js';
import { formatLabels } from './prometheus.js';
import type { Topology } from '../../networks/topology.js';
import type { CommandLines } from '../../output/command-line.js';
import { healthAssertion } from './health.js';
import { logAssertion } from './log-check.js';
import { metricAssertion } from './metric-check.js';
import { grpcAssertion, httpAssertion } from './probe-check.js';
import { selectorOf } from './targets.js';
import type { Assertion, Source } from './types.js';

export function declaredAssertion(check: DeclaredCheck, source: Source, index: number, topology: Topology, host: string, lines: CommandLines): Assertion {
  const [kind] = entry(check);
  const base = { id: `${source}/${index + 1}-${kind}`, name: check.name ?? defaultName(check), source };
  if ('log' in check) return logAssertion(check.log, base, lines);
  if ('metric' in check) return metricAssertion(check.metric, base, topology, lines);
  if ('http' in check) return httpAssertion(check.http, base, topology, lines);
  if ('grpc' in check) return grpcAssertion(check.grpc, base, topology, host);
  return healthAssertion(check.health, base, healthWithin(topology, check.health.component), lines);
}

/** The longest `within` of the health rules the assertion covers: by then a replica that can be healthy has shown its keyword. */
function healthWithin(topology: Topology, component: string | undefined): number {
  return Math.max(0, ...topology.components.filter((c) => c.health !== undefined && (component === undefined || c.name === component)).map((c) => c.health?.withinSeconds ?? 0));
}

export function defaultName(check: DeclaredCheck): string {
  if ('log' in check) return `${selectorOf(check.log.component, check.log.validator)} logs /${check.log.pattern}/`;
  if ('metric' in check) return `${selectorOf(check.metric.component, check.metric.validator)} ${check.metric.name}${formatLabels(check.metric.labels)} ${check.metric.op} ${check.metric.value}`;
  if ('http' in check) return check.http.url !== undefined ? `GET ${check.http.url} answers ${check.http.status}` : `${selectorOf(check.http.component ?? '', check.http.validator)} ${check.http.port ?? ''}${check.http.path} answers ${check.http.status}`;
  if ('grpc' in check) return `gRPC health of ${check.grpc.address ?? selectorOf(check.grpc.component ?? '', check.grpc.validator)}`;
  return `watchlog health of ${check.health.component ?? 'every component'}`;
}
