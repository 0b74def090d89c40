/**
 * The `checks:` section of a profile: assertions `devnet check` proves against a running devnet.
 * The network's built-in checks have settings of their own (each network kind declares them beside
 * its profile section, and passes them to checksSection); declared assertions are the same for every network and are
 * also what the command-line flags (--log, --metric, --http, --grpc) turn into.
 */
import * as z from 'zod';
import { dnsLabel, duration } from './fields.js';

const target = {
  component: dnsLabel('Component whose replicas are checked, e.g. "node" or "proxy" (as in devnet plan).'),
  validator: z.number().int().min(0).optional().describe('Only this validator\'s replicas (default: every validator).'),
};

function validRegex(text: string): boolean {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

const logCheck = z
  .strictObject({
    ...target,
    pattern: z.string().min(1).refine(validRegex, { message: 'must be a valid JavaScript regular expression' }).describe('A regular expression a log line must match, e.g. "Imported #[0-9]+".'),
    within: duration('How long to wait for the line (lines already in the log count).').default('60s'),
    replicas: z.enum(['every', 'any']).default('every').describe('every: each replica must log the line; any: one replica is enough.'),
  })
  .describe('A log line matching a regular expression appears in a component\'s log within a time.');

export const METRIC_OPERATORS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type MetricOperator = (typeof METRIC_OPERATORS)[number];

const metricCheck = z
  .strictObject({
    ...target,
    name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { message: 'must be a Prometheus metric name such as "substrate_block_height"' }).describe('Metric name.'),
    labels: z.record(z.string(), z.string()).prefault({}).describe('Only samples with these label values, e.g. {status: finalized}.'),
    op: z.enum(METRIC_OPERATORS).default('>=').describe('How the sample compares with value.'),
    value: z.number().describe('The value the sample is compared with.'),
    port: z.string().min(1).optional().describe('Name of the port serving /metrics (default: the component\'s metrics port).'),
    path: z.string().startsWith('/', { message: 'must start with /' }).default('/metrics').describe('Path of the metrics page.'),
    within: duration('How long the comparison may take to become true.').default('60s'),
  })
  .describe('A Prometheus metric from each replica\'s /metrics, compared with a value.');

const httpCheck = z
  .strictObject({
    component: target.component.optional(),
    validator: target.validator,
    port: z.string().min(1).optional().describe('Name of the component\'s port (with component).'),
    path: z.string().startsWith('/', { message: 'must start with /' }).default('/').describe('Request path (with component).'),
    url: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional().describe('An address reached from this machine, e.g. http://localhost:19100/ (instead of component).'),
    status: z.number().int().min(100).max(599).default(200).describe('The HTTP status the answer must have.'),
    within: duration('How long to keep trying.').default('30s'),
  })
  .refine((c) => (c.url === undefined) !== (c.component === undefined), { message: 'give either url or component (with port), not both and not neither' })
  .refine((c) => c.component === undefined || c.port !== undefined, { message: 'give the port by name with component' })
  .describe('An HTTP GET to each replica (through the Kubernetes API) or to a URL answers with a status.');

const grpcCheck = z
  .strictObject({
    component: target.component.optional(),
    validator: target.validator,
    address: z.string().regex(/^[^\s/]+:\d+$/, { message: 'must be host:port, e.g. localhost:19100' }).optional().describe('host:port reached from this machine (instead of component).'),
    service: z.string().default('').describe('Service name for grpc.health.v1.Health/Check; empty asks about the whole server.'),
    within: duration('How long to keep trying.').default('30s'),
  })
  .refine((c) => (c.address === undefined) !== (c.component === undefined), { message: 'give either address or component, not both and not neither' })
  .describe('A gRPC health check (grpc.health.v1) answers SERVING, on an address or on each host port of a component.');

const healthCheck = z
  .strictObject({ component: target.component.optional() })
  .describe('Every replica is healthy by its watchlog (the component\'s health: keyword).');

const named = { name: z.string().min(1).max(200).optional().describe('What the assertion proves, shown in reports (default: generated).') };

export const declaredCheck = z.union([
  z.strictObject({ ...named, log: logCheck }),
  z.strictObject({ ...named, metric: metricCheck }),
  z.strictObject({ ...named, http: httpCheck }),
  z.strictObject({ ...named, grpc: grpcCheck }),
  z.strictObject({ ...named, health: healthCheck }),
]).describe('One assertion: exactly one of log, metric, http, grpc, health.');

export type DeclaredCheck = z.infer<typeof declaredCheck>;
export type LogCheck = z.infer<typeof logCheck>;
export type MetricCheck = z.infer<typeof metricCheck>;
export type HttpCheck = z.infer<typeof httpCheck>;
export type GrpcCheck = z.infer<typeof grpcCheck>;
export type HealthCheck = z.infer<typeof healthCheck>;

/** Settings every network's built-in checks have; a network adds its own fields. */
export const builtinBase = {
  enabled: z.boolean().default(true).describe('Run the network\'s built-in checks (devnet check --no-builtin also turns them off).'),
  within: duration('How long the built-in checks may take to pass.').default('3m'),
};


export function checksSection<B extends z.ZodType>(builtin: B) {
  return z
    .strictObject({
      builtin,
      assertions: z.array(declaredCheck).max(200).default([]).describe('Assertions devnet check proves, besides the built-in ones.'),
    })
    // Every field has a default, so an absent section is an empty one (the generic B hides that from the types).
    .prefault({} as never)
    .describe('What devnet check proves about the running devnet.');
}

