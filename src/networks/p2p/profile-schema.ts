/**
 * The section shared by template-driven P2P networks (substrate-style chains, Codex storage):
 * one StatefulSet of nodes per validator whose command lines are rendered per replica from
 * templates, with a NodePort per replica for the P2P ports.
 */
import * as z from 'zod';
import { count, image, nodePort, port, pullPolicy, quantity, resources, scrapeInterval } from '../../config/fields.js';
import { healthSpec } from '../health.js';

const template = z.string().describe('A Liquid template, rendered per replica (see "Templates" in the README).');

export const argValue = z
  .union([template, z.number(), z.boolean(), z.null(), z.array(template)])
  .describe('A flag value: a template renders the flag with its value, true a bare "--flag", false or null nothing, a list repeats the flag.');

const nodePortSpec = z
  .strictObject({
    base: nodePort('NodePort of node 0.'),
    offset: count('Added to the NodePort for each following node: nodePort = base + offset × index.', 1, 1000).default(1),
    bind: z
      .boolean()
      .default(false)
      .describe(
        'The process itself listens on its NodePort (leave port out): for programs that can only advertise the port they bind, such as Codex. ports.<name>.port in templates is then this replica\'s NodePort.',
      ),
  })
  .describe('Expose this port on the host with one NodePort per replica.');

export const portSpec = z
  .strictObject({
    port: port('Port the process binds inside the pod (the same for every replica); left out when nodePort.bind is true.').optional(),
    protocol: z.enum(['TCP', 'UDP']).default('TCP').describe('Transport protocol.'),
    nodePort: nodePortSpec.optional(),
    metrics: z.boolean().default(false).describe('This port serves Prometheus /metrics.'),
  })
  .superRefine((spec, ctx) => {
    if (spec.nodePort?.bind === true && spec.port !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'must be left out when nodePort.bind is true: the process binds its NodePort' });
    }
    if (spec.nodePort?.bind !== true && spec.port === undefined) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'is required unless nodePort.bind is true' });
    }
  })
  .describe('A port of the node.');


const keysSpec = (types: readonly [KeyType, ...KeyType[]]) =>
  z
    .strictObject({
      type: z.enum(types).describe(`Key type (${types.join(' or ')}); one key is generated per replica.`),
      fileName: z.string().regex(/^[a-zA-Z0-9._-]+$/, { message: 'must be a plain file name' }).default('key').describe('File name prefix; replica N reads <fileName>-N.'),
      mountPath: z
        .string()
        .startsWith('/', { message: 'must be an absolute path' })
        .default('/keys')
        .describe('Directory in the node container holding this replica\'s key file alone (copied from the key Secret at start, mode 0600).'),
    })
    .describe('Per-replica secret keys, kept in a Secret; each pod receives only its own.');

const readinessSpec = z
  .strictObject({
    port: z.string().min(1).describe('Name of the port the probe connects to (one of ports).'),
    path: z.string().startsWith('/', { message: 'must start with /' }).optional().describe('HTTP path that answers 200 when the node is ready; without it, a TCP connect.'),
  })
  .describe('When Kubernetes counts a node as ready (its readiness probe).');

export type KeyType = 'ed25519' | 'secp256k1';

const runAs = z
  .strictObject({
    user: z.number().int().min(1, { message: 'must be a non-root user id (1 or more); write runAs: null for an image that runs as root' }).describe('User id.'),
    group: z.number().int().min(0).describe('Group id.'),
  })
  .nullable()
  .describe('The non-root user the image runs as, by number (its Dockerfile\'s USER); null for an image that runs as root. With a user, the pods meet the Pod Security "restricted" standard.');

export function p2pSection<Extra extends z.ZodRawShape>(defaults: P2pDefaults, extra: Extra) {
  const keys = keysSpec(defaults.keyTypes);
  return z.strictObject({
    image: image('Node image.').default(defaults.image),
    imagePullPolicy: pullPolicy,
    replicas: count('Nodes per validator (one StatefulSet).', 1, 64).default(defaults.replicas),
    command: z.array(template).min(1).default(defaults.command).describe('The program and its leading arguments (templates).'),
    args: z.record(z.string(), argValue).prefault(defaults.args).describe(`Flags, in order, as flag: value (templates); rendered as ${defaults.argForm}.`),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name' }), template)
      .prefault({})
      .describe('Environment variables of the node container (templates, rendered per replica).'),
    ports: z
      .record(z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, { message: 'port names are lower-case, at most 15 characters' }), portSpec.nullable())
      .optional()
      .transform((ports) => mergePorts(defaults.ports, ports))
      .describe(`Named ports, merged with the defaults (${Object.keys(defaults.ports).join(', ')}); null removes one.`),
    keys: keys
      .nullable()
      .default(defaults.keys ? keys.parse(defaults.keys) : null)
      .describe('Per-replica secret keys (null: none).'),
    readiness: readinessSpec.prefault(defaults.readiness),
    fsGroup: z
      .number()
      .int()
      .min(0)
      .nullable()
      .default(defaults.fsGroup)
      .describe('Group that owns the pod\'s volumes (pod securityContext.fsGroup), so an image running as a non-root user can read its key and write its data; null leaves it unset.'),
    health: healthSpec.optional(),
    serviceMonitor: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Emit a Prometheus ServiceMonitor per validator for the port marked metrics (needs the Prometheus operator CRDs).'),
        interval: scrapeInterval('How often Prometheus scrapes each node, as a Prometheus duration such as "30s" or "1m30s".').default('30s'),
      })
      .prefault({})
      .describe('Prometheus scraping of /metrics.'),
    volume: z
      .strictObject({
        size: quantity('Size of each node\'s data volume.').default('1Gi'),
        mountPath: z.string().startsWith('/').default(defaults.dataPath).describe('Where the volume is mounted.'),
        storageClass: z.string().min(1).default('standard').describe('StorageClass of the volume.'),
      })
      .prefault({})
      .describe('Persistent data volume of each node.'),
    resources: resources('CPU and memory for each node.', defaults.resources),
    runAs: runAs.default(defaults.runAs),
    ...extra,
  });
}

type PortSpec = z.infer<typeof portSpec>;

function mergePorts(defaults: Record<string, z.input<typeof portSpec>>, given: Record<string, PortSpec | null> | undefined): Record<string, PortSpec> {
  const merged: Record<string, PortSpec> = Object.fromEntries(Object.entries(defaults).map(([name, spec]) => [name, portSpec.parse(spec)]));
  for (const [name, spec] of Object.entries(given ?? {})) {
    if (spec === null) delete merged[name];
    else merged[name] = spec;
  }
  return merged;
}

export interface P2pDefaults {
  image: string;
  replicas: number;
  command: string[];
  args: Record<string, z.input<typeof argValue>>;
  /** How the program takes option values, for the description (the planner's flavour decides). */
  argForm: string;
  ports: Record<string, z.input<typeof portSpec>>;
  dataPath: string;
  keyTypes: readonly [KeyType, ...KeyType[]];
  keys?: { type: KeyType; fileName?: string; mountPath?: string };
  readiness: z.input<typeof readinessSpec>;
  fsGroup: number | null;
  resources: Parameters<typeof resources>[1];
  runAs: { user: number; group: number } | null;
}
