/**
 * The section shared by template-driven P2P networks (substrate-style chains, Codex storage):
 * one StatefulSet of nodes per validator whose command lines are rendered per replica from
 * templates, with a NodePort per replica for the P2P ports.
 */
import * as z from 'zod';
import { count, image, nodePort, port, pullPolicy, quantity, resources } from '../../config/fields.js';
import { healthSpec } from '../health.js';

const template = z.string().describe('A Liquid template, rendered per replica (see "Templates" in the README).');

export const argValue = z
  .union([template, z.number(), z.boolean(), z.null(), z.array(template)])
  .describe('A flag value: a template renders "--flag value", true a bare "--flag", false or null nothing, a list repeats the flag.');

const nodePortSpec = z
  .strictObject({
    base: nodePort('NodePort of node 0.'),
    offset: count('Added to the NodePort for each following node: nodePort = base + offset × index.', 1, 1000).default(1),
  })
  .describe('Expose this port on the host with one NodePort per replica.');

export const portSpec = z
  .strictObject({
    port: port('Port the process binds inside the pod (the same for every replica).'),
    protocol: z.enum(['TCP', 'UDP']).default('TCP').describe('Transport protocol.'),
    nodePort: nodePortSpec.optional(),
    metrics: z.boolean().default(false).describe('This port serves Prometheus /metrics.'),
  })
  .describe('A port of the node.');


export const keysSpec = z
  .strictObject({
    type: z.enum(['ed25519', 'secp256k1']).describe('Key type; one key is generated per replica.'),
    fileName: z.string().regex(/^[a-zA-Z0-9._-]+$/, { message: 'must be a plain file name' }).default('key').describe('File name prefix; replica N reads <fileName>-N.'),
    mountPath: z.string().startsWith('/', { message: 'must be an absolute path' }).default('/keys').describe('Where the key Secret is mounted.'),
  })
  .describe('Per-replica secret keys, kept in a Secret and selected by the replica index.');

export function p2pSection<Extra extends z.ZodRawShape>(defaults: P2pDefaults, extra: Extra) {
  return z.strictObject({
    image: image('Node image.').default(defaults.image),
    imagePullPolicy: pullPolicy,
    replicas: count('Nodes per validator (one StatefulSet).', 1, 64).default(defaults.replicas),
    command: z.array(template).min(1).default(defaults.command).describe('The program and its leading arguments (templates).'),
    args: z.record(z.string(), argValue).prefault(defaults.args).describe('Flags, in order, as flag: value (templates).'),
    env: z.record(z.string(), template).prefault({}).describe('Environment variables (templates).'),
    ports: z
      .record(z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, { message: 'port names are lower-case, at most 15 characters' }), portSpec.nullable())
      .optional()
      .transform((ports) => mergePorts(defaults.ports, ports))
      .describe(`Named ports, merged with the defaults (${Object.keys(defaults.ports).join(', ')}); null removes one.`),
    keys: keysSpec
      .nullable()
      .default(defaults.keys ? keysSpec.parse(defaults.keys) : null)
      .describe('Per-replica secret keys (null: none).'),
    health: healthSpec.optional(),
    volume: z
      .strictObject({
        size: quantity('Size of each node\'s data volume.').default('1Gi'),
        mountPath: z.string().startsWith('/').default(defaults.dataPath).describe('Where the volume is mounted.'),
        storageClass: z.string().min(1).default('standard').describe('StorageClass of the volume.'),
      })
      .prefault({})
      .describe('Persistent data volume of each node.'),
    resources: resources('CPU and memory for each node.', defaults.resources),
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
  ports: Record<string, z.input<typeof portSpec>>;
  dataPath: string;
  keys?: z.input<typeof keysSpec>;
  resources: Parameters<typeof resources>[1];
}
