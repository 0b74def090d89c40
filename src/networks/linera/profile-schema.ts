/** The `linera:` section of a profile: what a Linera validator is made of and how big it is. */
import * as z from 'zod';
import { builtinBase } from '../../config/checks.js';
import { networkProfile, type Normalised } from '../../config/schema.js';
import { cliFlags as flags, count, domainName, hostOrAddress, image, nodePort, objectName, port, pullPolicy, quantity, resources, scrapeInterval } from '../../config/fields.js';
import { healthSpec } from '../health.js';
import { rustLogProblem } from './rust-log.js';
import { STORAGE_SERVER_BUILD, STORAGE_SERVER_IMAGE, storage } from './storage-schema.js';

/**
 * The testnet_conway images. `linera:testnet_conway_release` (linera, linera-server, linera-proxy at /)
 * is the combined image docker/docker-compose.yml on that branch still runs; since dae7c63a2b the
 * branch publishes `linera-validator` (server + proxy) and `linera-client` (linera) instead, and the
 * exporter has always had its own image (docker/Dockerfile.exporter; tags from
 * .github/workflows/docker_image.yml: the branch name).
 */
const REGISTRY = 'us-docker.pkg.dev/linera-io-dev/linera-public-registry';
export const COMBINED_IMAGE = `${REGISTRY}/linera:testnet_conway_release`;
export const EXPORTER_IMAGE = `${REGISTRY}/linera-exporter:testnet_conway`;
/** Genesis start time of a seeded devnet: fixed, in the past, so every run makes the same chains. */
export const SEEDED_START = '2025-01-01T00:00:00Z';

const component = (what: string, replicas: number, defaults: Parameters<typeof resources>[1]) =>
  z
    .strictObject({
      replicas: count(`How many ${what} replicas each validator runs.`, 1, 64).default(replicas),
      resources: resources(`CPU and memory for each ${what} replica.`, defaults),
      flags,
      health: healthSpec.optional(),
    })
    .prefault({});

// The exporter's destination shapes, as its TOML parser takes them: `tls` only for an Indexer,
// `file_name` for Logging (linera-exporter 0.15.23 src/config.rs, `DestinationVisitor`).
const endpoint = z.string().min(1).describe('Host name of the destination, as the exporter pod resolves it.');
const destination = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('Indexer').describe('A linera-indexer, over gRPC.'),
      endpoint,
      port: port('Port of the indexer.'),
      tls: z.enum(['ClearText', 'Tls']).default('ClearText').describe('Whether to use TLS.'),
    }),
    z.strictObject({
      kind: z.literal('Validator').describe('Another validator\'s proxy, over gRPC.'),
      endpoint,
      port: port('Port of the validator\'s proxy.'),
    }),
    z.strictObject({
      kind: z.literal('Logging').describe('A file in the exporter\'s own volume (/data), one line per block.'),
      fileName: z.string().regex(/^[a-zA-Z0-9._-]+$/, { message: 'must be a plain file name such as "blocks.log"' }).describe('File name under /data.'),
    }),
  ], { message: 'kind must be one of "Indexer", "Validator", "Logging"' })
  .describe('Where the exporter sends blocks.');

// linera-exporter 0.15.23 src/config.rs `LimitsConfig`: every field is required when the table is
// present; without it the exporter uses its own defaults (`LimitsConfig::default`).
const u16 = (description: string) => count(description, 1, 65535);
const limits = z
  .strictObject({
    persistencePeriodMs: count('How often the exporter saves its progress, in ms.', 1, 4_294_967_295),
    workQueueSize: u16('Blocks queued per destination.'),
    blobCacheWeightMb: u16('Blob cache size in MB.'),
    blobCacheItemsCapacity: u16('Blob cache capacity in items.'),
    blockCacheWeightMb: u16('Block cache size in MB.'),
    blockCacheItemsCapacity: u16('Block cache capacity in items.'),
    auxiliaryCacheSizeMb: u16('Auxiliary cache size in MB.'),
  })
  .describe('The exporter\'s [limits]: all seven or none (then the exporter\'s defaults apply).');

const blockExporter = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Run a block exporter next to each validator.'),
    replicas: count('Exporter replicas per validator; they split the work by id (= ordinal).', 1, 16).default(1),
    ports: z
      .strictObject({
        grpc: port('gRPC port the exporter binds.').default(8882),
        metrics: port('Port serving /metrics.').default(9091),
      })
      .prefault({})
      .describe('Ports the exporter binds (fixed for every replica).'),
    committeeDestination: z
      .boolean()
      .default(false)
      .describe(
        'Also push blocks to every validator of the committee. Off by default: the exporter dials the addresses the committee advertises (exposure.host, "localhost" on a laptop), which inside a pod is the pod itself.',
      ),
    destinations: z.array(destination).default([]).describe('Where blocks go, e.g. an indexer.'),
    limits: limits.optional(),
    resources: resources('CPU and memory for each exporter replica.', {
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    }),
    storageSize: quantity('Size of the exporter\'s own volume.').default('1Gi'),
    health: healthSpec.optional(),
  })
  .prefault({})
  .describe('The optional block exporter that re-publishes blocks to other validators.');

const exposure = z
  .strictObject({
    host: hostOrAddress('Host name or IP address clients use to reach the validators (advertised in the committee).').default('localhost'),
    hostPortBase: port('Host port of validator 0\'s proxy; validator N gets hostPortBase + N.').default(19100),
    nodePortBase: nodePort('NodePort of validator 0\'s proxy; validator N gets nodePortBase + N.').default(30100),
    gateway: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Emit a Gateway API Gateway + GRPCRoute for each validator\'s proxy.'),
        className: objectName('GatewayClass', 'The GatewayClass of each Gateway (kubectl get gatewayclass lists the cluster\'s). Default "default": set it to the class your Gateway controller installs.').default('default'),
        hostname: domainName('Domain under which each validator\'s proxy gets the host name validator-<N>.<domain>; by default <devnet>.localhost.').optional(),
      })
      .prefault({})
      .describe(
        'Gateway API exposure. Needs a Gateway controller in the cluster. No TLS: each Gateway listens for plaintext HTTP on port 80 and its GRPCRoute carries cleartext gRPC (h2c), so traffic to the proxies is unencrypted; use ingress for TLS.',
      ),
    ingress: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Emit a networking.k8s.io/v1 Ingress for each validator\'s proxy.'),
        className: objectName('IngressClass', 'The IngressClass of each Ingress (kubectl get ingressclass lists the cluster\'s). Default "nginx", the class ingress-nginx installs.').default('nginx'),
        hostname: domainName('Domain under which each validator\'s proxy gets the host name validator-<N>.<domain>; by default <devnet>.localhost.').optional(),
        tls: z
          .strictObject({
            issuer: z
              .strictObject({
                kind: z.enum(['Issuer', 'ClusterIssuer']).describe('An Issuer in each validator namespace, or a ClusterIssuer.'),
                name: objectName(`Issuer or ClusterIssuer`, 'Its name.'),
              })
              .optional()
              .describe('The cert-manager issuer that signs each validator\'s certificate; by default devnet makes a self-signed Issuer per validator.'),
          })
          .prefault({})
          .describe('TLS at the Ingress: gRPC clients reach the proxy over HTTP/2, which Ingress controllers serve on their TLS port. cert-manager (installed by devnet up) issues the certificate.'),
      })
      .prefault({})
      .describe('Ingress exposure, with TLS from cert-manager. Enable at most one of gateway and ingress.'),
  })
  .prefault({})
  .describe('How the proxies, and only they, are reachable from the host.');

const genesis = z
  .strictObject({
    initialFunding: z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a decimal amount such as "1000000"' }).default('1000000').describe('Tokens given to each initial chain.'),
    otherInitialChains: count('Chains created in genesis besides the admin chain.', 0, 1000).default(2),
    // The release binaries know only these two; `only-fuel` and `all-categories` exist in test builds
    // (linera-client 0.15.23 src/client_options.rs, `ResourceControlPolicyConfig`).
    policy: z
      .enum(['no-fees', 'testnet'])
      .default('no-fees')
      .describe('Fee policy written in genesis. The release binaries know only these two (only-fuel and all-categories exist in test builds).'),
    networkName: z.string().optional().describe('Network name in genesis; defaults to the devnet name.'),
    startTimestamp: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, { message: 'must be an RFC 3339 time such as "2025-01-01T00:00:00Z"' })
      .optional()
      .describe(
        `No block is older than this (RFC 3339). Default: ${SEEDED_START} when the devnet has a seed, so the same seed gives a byte-identical genesis; otherwise the time genesis is made.`,
      ),
  })
  .prefault({})
  .describe('What create-genesis-config writes into genesis.json.');

export const lineraSection = z
  .strictObject({
    images: z
      .strictObject({
        client: image('Image with the `linera` client: genesis (create-genesis-config), storage init, the storage waits, the wallet storage.').default(COMBINED_IMAGE),
        validator: image('Image with `linera-server` and `linera-proxy`: shards, proxies, and the validator keys (linera-server generate).').default(COMBINED_IMAGE),
        exporter: image('Image with `linera-exporter`.').default(EXPORTER_IMAGE),
        storage: image(
          `Image with \`linera-storage-server\` at /, for storage.engine: service. No published image has it; build this default once with: ${STORAGE_SERVER_BUILD} (in the devnet checkout). devnet.local/ images are never pulled: devnet up checks that Docker has them and loads them into kind.`,
        ).default(STORAGE_SERVER_IMAGE),
      })
      .prefault({})
      .describe(
        'Images per role. The defaults are the testnet_conway images that exist today; the split images work unchanged, e.g. client: …/linera-client:testnet_conway, validator: …/linera-validator:testnet_conway.',
      ),
    imagePullPolicy: pullPolicy,
    binaries: z
      .strictObject({
        server: z.string().default('./linera-server').describe('Path of linera-server in the image.'),
        proxy: z.string().default('./linera-proxy').describe('Path of linera-proxy in the image.'),
        client: z.string().default('./linera').describe('Path of the linera client in the image.'),
        exporter: z.string().default('./linera-exporter').describe('Path of linera-exporter in the image.'),
        storageServer: z.string().default('./linera-storage-server').describe('Path of linera-storage-server in the storage image.'),
      })
      .prefault({})
      .describe('Where the binaries are inside the images (relative to their working directory, which is / in every Linera image).'),
    logLevel: z
      .string()
      .superRefine((value, ctx) => {
        const problem = rustLogProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('info')
      .describe('RUST_LOG for every Linera process, e.g. info or warn,linera_core=debug (a directive Linera cannot parse is refused here: Linera would drop it and log at info).'),
    ports: z
      .strictObject({
        proxyPublic: port('Port the proxy binds for clients.').default(19100),
        proxyPrivate: port('Port the proxy binds for its shards.').default(20100),
        shard: port('Port each shard binds.').default(19100),
        metrics: port('Port serving /metrics in every Linera process.').default(21100),
      })
      .prefault({})
      .describe('Ports the processes bind. They stay the same for every replica; only advertised ports vary.'),
    shards: component('shard', 2, { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } }).describe(
      'Shards process the chains; each owns a fixed share of them.',
    ),
    proxies: component('proxy', 1, { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } }).describe(
      'Proxies take client gRPC traffic and route it to the right shard.',
    ),
    storage,
    blockExporter,
    exposure,
    serviceMonitor: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Emit Prometheus ServiceMonitors for shards, proxies and exporters (needs the Prometheus operator CRDs).'),
        interval: scrapeInterval('How often Prometheus scrapes each target, as a Prometheus duration such as "30s" or "1m30s".').default('30s'),
      })
      .prefault({})
      .describe('Prometheus scraping of /metrics.'),
    genesis,
  })
  .describe('What each Linera validator runs.');

export type LineraSection = z.infer<typeof lineraSection>;

/** Settings of the built-in checks (checks.builtin; the checks themselves are in ./checks.ts). */
export const lineraBuiltinSettings = z
  .strictObject({
    ...builtinBase,
    transfer: z.boolean().default(true).describe('Transfer tokens between two chains of the admin wallet and see every validator take the block.'),
    amount: z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a decimal amount such as "1" or "0.5"' }).default('1').describe('Tokens the transfer moves.'),
  })
  .prefault({})
  .describe('Built-in checks of a Linera devnet: every validator answers with its genesis key, and a transfer reaches every validator.');

/** A linera profile: the common fields, the linera: section and its check settings. */
export const lineraProfile = networkProfile('linera', { linera: lineraSection.prefault({}) }, lineraBuiltinSettings);

export type LineraProfile = Normalised<z.infer<typeof lineraProfile>>;
