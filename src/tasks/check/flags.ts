/**
 * Assertions given on the command line, in a compact form, turned into the same declared checks a
 * profile has (and checked by the same schema and rules):
 *
 *   --log    [validator-N/]COMPONENT:REGEX
 *   --metric [validator-N/]COMPONENT:NAME[{label="value",…}] OP NUMBER     (OP: >= > <= < == !=)
 *   --http   URL[#STATUS]  or  [validator-N/]COMPONENT:PORT/PATH[#STATUS]
 *   --grpc   HOST:PORT[/SERVICE]  or  [validator-N/]COMPONENT[/SERVICE]
 *   --health [COMPONENT]   (every component with a health rule when absent)
 */
import { declaredCheck, type DeclaredCheck } from '../../config/checks.js';
import { problemsOf } from '../../networks/rules/check-rules.js';
import type { Topology } from '../../networks/topology.js';
import { UserError } from '../../errors/index.js';

export interface AssertionFlags {
  log: string[];
  metric: string[];
  http: string[];
  grpc: string[];
  /** --health: true for every component with a health rule, or one component's name. */
  health?: string | boolean | undefined;
  /** Duration text for every assertion given on the command line. */
  within?: string | undefined;
}

const SCOPE = /^(?:validator-(\d+)\/)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

export function flagAssertions(flags: AssertionFlags, topology: Topology): DeclaredCheck[] {
  const raw: [string, string, unknown][] = [
    ...flags.log.map((v) => ['--log', v, parseLog(v, flags.within)] as [string, string, unknown]),
    ...flags.metric.map((v) => ['--metric', v, parseMetric(v, flags.within)] as [string, string, unknown]),
    ...flags.http.map((v) => ['--http', v, parseHttp(v, flags.within)] as [string, string, unknown]),
    ...flags.grpc.map((v) => ['--grpc', v, parseGrpc(v, flags.within)] as [string, string, unknown]),
    ...(flags.health === undefined || flags.health === false ? [] : [['--health', flags.health === true ? '' : flags.health, { health: flags.health === true ? {} : { component: flags.health } }] as [string, string, unknown]]),
  ];
  return raw.map(([flag, value, candidate]) => {
    const parsed = declaredCheck.safeParse(candidate);
    if (!parsed.success) throw flagError(flag, value, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const problems = problemsOf(parsed.data, [], topology);
    if (problems.length > 0) throw flagError(flag, value, problems.map((p) => `${p.path.join('.')} ${p.message}`).join('; '), problems[0]?.hint);
    return parsed.data;
  });
}

function flagError(flag: string, value: string, why: string, hint?: string): UserError {
  return new UserError(`${flag} ${JSON.stringify(value)}: ${why}.`, { hint: hint ?? `see devnet check --help for the form of ${flag}` });
}

function scope(text: string, flag: string, value: string): { component: string; validator?: number } {
  const match = SCOPE.exec(text);
  if (match === null) throw flagError(flag, value, `"${text}" is not COMPONENT or validator-N/COMPONENT`);
  return { component: match[2] ?? '', ...(match[1] === undefined ? {} : { validator: Number(match[1]) }) };
}

function within(value: string | undefined) {
  return value === undefined ? {} : { within: value };
}

function split(value: string, flag: string): [string, string] {
  const colon = value.indexOf(':');
  if (colon <= 0) throw flagError(flag, value, 'expected COMPONENT:… (see devnet check --help)');
  return [value.slice(0, colon), value.slice(colon + 1)];
}

export function parseLog(value: string, duration?: string): unknown {
  const [where, pattern] = split(value, '--log');
  return { log: { ...scope(where, '--log', value), pattern, ...within(duration) } };
}

const METRIC = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s*(>=|<=|==|!=|>|<)\s*(\S+)$/;

export function parseMetric(value: string, duration?: string): unknown {
  const [where, rest] = split(value, '--metric');
  const match = METRIC.exec(rest.trim());
  if (match === null) throw flagError('--metric', value, 'expected COMPONENT:NAME{label="value"} >= NUMBER');
  const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
  const number = Number(match[4]);
  if (!Number.isFinite(number)) throw flagError('--metric', value, `"${match[4] ?? ''}" is not a number`);
  return { metric: { ...scope(where, '--metric', value), name: match[1], labels, op: match[3], value: number, ...within(duration) } };
}

export function parseHttp(value: string, duration?: string): unknown {
  const hash = value.lastIndexOf('#');
  const status = hash >= 0 && /^\d{3}$/.test(value.slice(hash + 1)) ? Number(value.slice(hash + 1)) : undefined;
  const target = status === undefined ? value : value.slice(0, hash);
  const common = { ...(status === undefined ? {} : { status }), ...within(duration) };
  if (/^https?:\/\//.test(target)) return { http: { url: target, ...common } };
  const [where, rest] = split(target, '--http');
  const slash = rest.indexOf('/');
  const port = slash < 0 ? rest : rest.slice(0, slash);
  return { http: { ...scope(where, '--http', value), port, path: slash < 0 ? '/' : rest.slice(slash), ...common } };
}

export function parseGrpc(value: string, duration?: string): unknown {
  const address = /^([^\s/]+:\d+)(?:\/(.*))?$/.exec(value);
  if (address !== null) return { grpc: { address: address[1], service: address[2] ?? '', ...within(duration) } };
  const component = /^((?:validator-\d+\/)?[a-z0-9-]+)(?:\/(.+))?$/.exec(value);
  if (component === null) throw flagError('--grpc', value, 'expected HOST:PORT[/SERVICE] or [validator-N/]COMPONENT[/SERVICE]');
  return { grpc: { ...scope(component[1] ?? '', '--grpc', value), service: component[2] ?? '', ...within(duration) } };
}
