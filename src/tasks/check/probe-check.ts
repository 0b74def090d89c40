/**
 * HTTP and gRPC-health probes. HTTP to a component goes through the API server's pod proxy (every
 * replica, exposed or not); HTTP to a URL and every gRPC probe go from this machine, because the
 * pod proxy speaks HTTP/1.1 and gRPC needs HTTP/2: a component's gRPC probe uses its host ports.
 */
import type { GrpcCheck, HttpCheck } from '../../config/checks.js';
import { findComponent, hostPorts } from '../../networks/rules/check-rules.js';
import { podProxy } from '../../kube/proxy.js';
import type { CommandLines } from '../../output/command-line.js';
import { measureAll, targetName, verdictOf, type Measurement } from '../../networks/check-kit.js';
import { parseDuration } from '../../networks/duration.js';
import type { Topology } from '../../networks/topology.js';
import { grpcHealth } from '../../system/grpc-health.js';
import { httpGet } from '../../system/http-probe.js';
import { failures, replicasOf, selectorOf } from './targets.js';
import type { Assertion, CheckContext, Result } from './types.js';
import { until } from './until.js';

type Base = Pick<Assertion, 'id' | 'name' | 'source'>;

export function httpAssertion(spec: HttpCheck, base: Base, topology: Topology, lines: CommandLines): Assertion {
  const withinSeconds = parseDuration(spec.within);
  const component = spec.component === undefined ? undefined : findComponent(topology, spec.component);
  const port = component?.ports.find((p) => p.name === spec.port)?.port;
  const first = spec.component === undefined ? undefined : replicasOf(topology, spec.component, spec.validator)[0];
  const what = spec.url ?? `${spec.path} on port ${spec.port ?? ''} of every replica of ${selectorOf(spec.component ?? '', spec.validator)}`;
  return {
    ...base,
    kind: 'http',
    expected: `GET ${what} answers HTTP ${spec.status}, within ${withinSeconds}s`,
    where: spec.url !== undefined ? `curl -v ${spec.url}` : lines.kubectl(`get --raw /api/v1/namespaces/${first?.namespace ?? ''}/pods/${first?.pod ?? ''}:${port ?? ''}/proxy${spec.path}`),
    withinSeconds,
    run: (ctx) =>
      repeat(withinSeconds, ctx, async (signal) => {
        if (spec.url !== undefined) {
          const answer = await httpGet(spec.url, 10_000, signal);
          return [{ target: spec.url, value: 'error' in answer ? `no answer (${answer.error})` : `HTTP ${answer.status}`, ok: !('error' in answer) && answer.status === spec.status }];
        }
        const targets = replicasOf(ctx.loaded.topology, spec.component ?? '', spec.validator);
        const results = await measureAll(targets, async (target) => {
          const answer = await podProxy(ctx.kube, { namespace: target.namespace, pod: target.pod, port: port ?? 0 }, { method: 'GET', path: spec.path }, AbortSignal.any([signal, AbortSignal.timeout(10_000)]));
          if (answer.unreachable !== undefined) throw new Error(answer.unreachable);
          return answer.status;
        });
        return results.map(({ target, value, error }) => ({ target: targetName(target), value: value === undefined ? `no answer (${error ?? ''})` : `HTTP ${value}`, ok: value === spec.status }));
      }),
  };
}

export function grpcAssertion(spec: GrpcCheck, base: Base, topology: Topology, host: string): Assertion {
  const withinSeconds = parseDuration(spec.within);
  const addresses = spec.address !== undefined ? [spec.address] : componentAddresses(topology, spec.component ?? '', spec.validator, host);
  const service = spec.service === '' ? 'the server' : `service ${spec.service}`;
  return {
    ...base,
    kind: 'grpc',
    expected: `grpc.health.v1 reports ${service} SERVING on ${addresses.join(', ')}, within ${withinSeconds}s`,
    where: `grpcurl -plaintext${spec.service === '' ? '' : ` -d '{"service":"${spec.service}"}'`} ${addresses[0] ?? ''} grpc.health.v1.Health/Check`,
    withinSeconds,
    run: (ctx) =>
      repeat(withinSeconds, ctx, async () =>
        Promise.all(
          addresses.map(async (address) => {
            const answer = await grpcHealth(address, { service: spec.service, timeoutMs: 5000, signal: ctx.signal });
            return { target: address, value: answer.serving ? 'SERVING' : answer.reason, ok: answer.serving };
          }),
        ),
      ),
  };
}

function componentAddresses(topology: Topology, name: string, validator: number | undefined, host: string): string[] {
  return topology.components
    .filter((c) => c.name === name && (validator === undefined || c.validator === validator))
    .flatMap((c) => hostPorts(c).map((port) => `${host}:${port}`));
}

async function repeat(withinSeconds: number, ctx: CheckContext, round: (signal: AbortSignal) => Promise<Measurement[]>): Promise<Result> {
  const verdict = await until(withinSeconds, ctx.signal, async (signal) => verdictOf(await round(signal), failures), { still: ctx.still });
  return { status: verdict.ok ? 'passed' : 'failed', seen: verdict.seen, measurements: verdict.measurements };
}
