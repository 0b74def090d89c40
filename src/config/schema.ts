/**
 * The parts of the profile schema every network shares: the cluster, the common fields, and the
 * frame of one network's branch. Each network kind declares its own section and branch (in its
 * profile-schema.ts), and the registry of network kinds joins the branches into the profile schema. Every field has a description; the JSON Schema in profiles/ is
 * generated from it (npm run schema) and kept in sync by a test.
 */
import * as z from 'zod';
import { count, dnsLabel, image, ipAddressField } from './fields.js';
import { chaosSection } from './chaos.js';
import { checksSection, type DeclaredCheck } from './checks.js';

/** kind v0.33.0's default node image (sigs.k8s.io/kind v0.33.0 pkg/apis/config/defaults/image.go). */
export const KIND_NODE_IMAGE =
  'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5';

// A profile is parsed once per run: zod's compiled (new Function) parsers cost more to build than they save.
z.config({ jitless: true });

/** A registry host as image references name it: a DNS name or address, with an optional port. */
const REGISTRY_HOST = /^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?(:[0-9]{1,5})?$/;

const imageCache = z
  .strictObject({
    enabled: z.boolean().default(true).describe('On kind: run a pull-through registry cache per upstream registry the devnet pulls from, kept across clusters (devnet cache status).'),
    image: image('The registry program each cache runs: the Distribution registry (registry:3), or the same program built elsewhere.').default('registry:3'),
    prefix: dnsLabel('Caches are the Docker containers (and volumes) <prefix>-<registry>; another prefix gives another set of caches.', 30).default('devnet-cache'),
    remotes: z
      .record(z.string().regex(REGISTRY_HOST, { message: 'must be a registry host such as "quay.io" or "registry.local:5000"' }), z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }))
      .default({})
      .describe('The URL each registry\'s cache pulls from, by registry host, when it is not https://<host> (docker.io: https://registry-1.docker.io); e.g. {"registry.local:5000": "http://registry.local:5000"}.'),
  })
  .prefault({})
  .describe('Where the kind node pulls images from: a local cache in front of each registry, which outlives clusters.');

const cluster = z
  .strictObject({
    provider: z
      .enum(['kind', 'existing'])
      .default('kind')
      .describe('kind: create or reuse a local kind cluster. existing: deploy into the cluster of a kubeconfig context.'),
    name: dnsLabel('Name of the kind cluster, reused across runs. Default: the devnet\'s name, so profiles with different ports do not fight over one cluster.', 40).optional(),
    context: z.string().min(1).optional().describe('kubeconfig context to deploy into when provider is existing.'),
    nodeImage: image('kind node image, pinned by digest.').default(KIND_NODE_IMAGE),
    base: z
      .string()
      .min(1)
      .default('default')
      .describe('Base kind config: a name from the clusters/ directory or a path to a kind Cluster YAML.'),
    listenAddress: ipAddressField(
      'Host address the exposed ports listen on (kind\'s extraPortMappings listenAddress). 127.0.0.1 keeps every validator\'s ports private to this machine; 0.0.0.0 or another non-loopback address opens them to the network.',
    ).default('127.0.0.1'),
    reservedValidators: count(
      'Host ports are reserved in the kind config for this many validators, so adding validators up to it never recreates the cluster.',
      1,
      100,
    ).default(8),
    cache: imageCache,
    pullConcurrency: count('How many images up pulls into the kind node at a time, before it deploys anything.', 1, 16).default(3),
  })
  .prefault({})
  .describe('The Kubernetes cluster the devnet runs in.');

const common = {
  apiVersion: z.literal('devnet/v1', { message: 'must be "devnet/v1"' }).describe('Profile format version.'),
  name: dnsLabel('Name of the devnet; prefixes its namespaces and labels every object.', 30),
  description: z.string().optional().describe('What this profile is for (shown by devnet explain).'),
  validators: count('Number of validators; each gets its own namespace. Default: 3 for linera, 2 for substrate, 1 for codex.', 1, 100).optional(),
  seed: z
    .union([z.string().min(1), z.number().int().nonnegative()])
    .transform((seed) => String(seed))
    .optional()
    .describe('Seed for deterministic keys and genesis, so CI environments are reproducible. Also --seed.'),
  cluster,
  chaos: chaosSection,
};

/**
 * One network's branch of the profile: the common fields, `network: <kind>`, the kind's own
 * sections (e.g. `{ linera: lineraSection }`) and the settings of its built-in checks.
 */
export function networkProfile<N extends string, S extends z.ZodRawShape, B extends z.ZodType>(network: N, sections: S, builtin: B) {
  return z.strictObject({
    ...common,
    network: z.literal(network).describe('Network kind.'),
    ...sections,
    checks: checksSection(builtin),
  });
}

/** A branch of the profile after the defaults stage: validators and cluster.name are always set. */
export type Normalised<T extends { cluster: object }> = Omit<T, 'validators' | 'cluster'> & {
  validators: number;
  cluster: Omit<T['cluster'], 'name'> & { name: string };
};

/** What every normalised profile has, whatever its network: what code shared by the kinds may read. */
export type CommonProfile = Normalised<z.infer<z.ZodObject<typeof common>>> & { network: string; checks: { assertions: DeclaredCheck[] } };
