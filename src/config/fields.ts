/**
 * Reusable profile field types. Each carries a description (it reaches the generated JSON Schema,
 * editors' hovers and error hints), and a message that says what a valid value looks like.
 */
import * as z from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const DURATION = /^(\d+(ms|s|m|h))+$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// prometheus-operator v0.93.0 Duration (example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml:271).
const PROMETHEUS_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

export const dnsLabel = (description: string, max = 40) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .regex(DNS_LABEL, {
      message: 'must be lower-case letters, digits and "-", starting and ending with a letter or digit',
    })
    .describe(description);

const longLabel = (name: string) => name.split('.').some((label) => label.length > 63);

/**
 * A lower-case DNS name (RFC 1123), the form Gateway API listener and route hostnames take
 * (gateway-api v1.6.1 config/crd/standard/gateway.networking.k8s.io_gateways.yaml:711-713, without
 * the wildcard) and Ingress rule hosts.
 */
export const domainName = (description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      if (!DNS_NAME.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be a lower-case DNS name such as "devnet.example.com": letters, digits and "-" in parts joined by ".", each part starting and ending with a letter or digit' });
      } else if (longLabel(value)) ctx.addIssue({ code: 'custom', message: 'each dot-separated part must be at most 63 characters' });
      else if (value.length > 253) ctx.addIssue({ code: 'custom', message: 'must be at most 253 characters' });
    })
    .describe(description);

const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** An IPv4 or IPv6 address, e.g. what a socket binds. */
export const ipAddressField = (description: string) =>
  z
    .string()
    .refine((value) => ipAddress.safeParse(value).success, { message: 'must be an IP address such as 127.0.0.1 (kind binds host ports to an address, not a host name)' })
    .describe(description);

/** 127.0.0.0/8 and ::1: reachable from this machine alone. */
export function isLoopback(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address) || /^(0*:)*:?0*1$/.test(address) || address === '::1';
}

/** Where clients connect: a host name or an IP address. */
export const hostOrAddress = (description: string) =>
  z
    .string()
    .refine((value) => ipAddress.safeParse(value).success || (DNS_NAME.test(value) && !longLabel(value) && value.length <= 253), {
      message: 'must be a host name such as "localhost" or "devnet.example.com", or an IP address',
    })
    .describe(description);

/** The name of a cluster-scoped Kubernetes object (an RFC 1123 subdomain), e.g. a GatewayClass. */
export const objectName = (kind: string, description: string) =>
  z
    .string()
    .max(253, { message: 'must be at most 253 characters' })
    .regex(DNS_NAME, { message: `must be the name of ${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit` })
    .describe(description);

/** A Prometheus scrape interval, as the ServiceMonitor CRD accepts it, and longer than zero. */
export const scrapeInterval = (description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      if (value === '' || !PROMETHEUS_DURATION.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be a Prometheus duration such as "30s", "1m" or "1m30s" (units y, w, d, h, m, s, ms, largest first)' });
      } else if (!/[1-9]/.test(value)) ctx.addIssue({ code: 'custom', message: 'must be longer than 0' });
    })
    .describe(description);

export const quantity = (description: string) =>
  z
    .string()
    .regex(QUANTITY, { message: 'must be a Kubernetes quantity such as "500m", "1", "512Mi" or "2Gi"' })
    .describe(description);

/** Accepts `1` as well as `"1"` for CPU counts, as kubectl users write both. */
export const cpuQuantity = (description: string) =>
  z
    .union([z.number().positive(), z.string()])
    .transform((value) => String(value))
    .pipe(z.string().regex(QUANTITY, { message: 'must be a CPU quantity such as "250m" or "1"' }))
    .describe(description);

export const duration = (description: string) =>
  z
    .string()
    .regex(DURATION, { message: 'must be a duration such as "30s", "5m" or "1h30m"' })
    .describe(description);

export const port = (description: string) =>
  z.number().int().min(1, { message: 'must be a port between 1 and 65535' }).max(65535, {
    message: 'must be a port between 1 and 65535',
  }).describe(description);

export const nodePort = (description: string) =>
  z
    .number()
    .int()
    .min(30000, { message: 'must be in the NodePort range 30000-32767' })
    .max(32767, { message: 'must be in the NodePort range 30000-32767' })
    .describe(description);

export const count = (description: string, min = 1, max = 1000) =>
  z
    .number()
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .describe(description);

export const image = (description: string) =>
  z
    .string()
    .min(1)
    .regex(/^[^\s]+$/, { message: 'must be an image reference such as "docker.io/library/busybox:1.36"' })
    .describe(description);

export const resources = (description: string, defaults: ResourceDefaults) =>
  z
    .strictObject({
      requests: z
        .strictObject({
          cpu: cpuQuantity('CPU the scheduler reserves for each replica, e.g. "250m".').default(defaults.requests.cpu),
          memory: quantity('Memory the scheduler reserves for each replica, e.g. "256Mi".').default(
            defaults.requests.memory,
          ),
        })
        .prefault({})
        .describe('What each replica is guaranteed.'),
      limits: z
        .strictObject({
          cpu: cpuQuantity('Most CPU each replica may use, e.g. "1".').default(defaults.limits.cpu),
          memory: quantity('Most memory each replica may use before it is killed, e.g. "1Gi".').default(
            defaults.limits.memory,
          ),
        })
        .prefault({})
        .describe('The most each replica may use.'),
    })
    .prefault({})
    .describe(description);

export interface ResourceDefaults {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export const pullPolicy = z
  .enum(['IfNotPresent', 'Always', 'Never'])
  .default('IfNotPresent')
  .describe('When the node pulls the image. Use Never for images loaded into kind with --load-image.');

/** Extra flags for a program, as a map: the renderer turns each key into its --kebab-case option. */
export const cliFlags = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .prefault({})
  .describe(
    'Extra command-line flags, camelCase keys rendered as --kebab-case. true renders a bare flag; false or null leaves it out. Example: {chainWorkerTtlMs: 300000}.',
  );
