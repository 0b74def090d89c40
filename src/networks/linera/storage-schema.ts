/**
 * `linera.storage`: where validators keep their state. Two engines: ScyllaDB run by scylla-operator
 * (the production shape the seed describes, and the default), or linera-storage-server over RocksDB,
 * which needs no operator and fits a small laptop.
 */
import * as z from 'zod';
import { cliFlags, count, cpuQuantity, duration, port, quantity, resources } from '../../config/fields.js';
import { LINERA_VERSION } from './version.js';

/**
 * No published Linera image carries linera-storage-server (upstream's docker/Dockerfile builds
 * linera, linera-server and linera-proxy only), so devnet ships a Dockerfile for it and this local
 * name; `devnet.local/` marks an image that is built on this machine and loaded into kind, never pulled.
 */
export const STORAGE_SERVER_IMAGE = `devnet.local/linera-storage-server:${LINERA_VERSION}`;
/** The directory of that Dockerfile, relative to the devnet checkout or package. */
export const STORAGE_SERVER_DOCKERFILE_DIR = 'docker/linera-storage-server';
export const STORAGE_SERVER_BUILD = `docker build -t ${STORAGE_SERVER_IMAGE} ${STORAGE_SERVER_DOCKERFILE_DIR}`;

const scylla = z
  .strictObject({
    version: z.string().min(1).default('6.2.3').describe('ScyllaDB version (the scylla-operator webhook requires one).'),
    agentVersion: z.string().min(1).default('3.4.0').describe('scylla-manager-agent version; pinned because the CRD default is "latest".'),
    developerMode: z.boolean().default(true).describe('Relaxed ScyllaDB checks (non-XFS storage, small memory). Keep true on a laptop.'),
    members: count('ScyllaDB nodes per cluster.', 1, 5).default(1),
    cpu: cpuQuantity('CPU limit per ScyllaDB node; ScyllaDB starts one shard per CPU.').default('1'),
    memory: quantity('Memory limit per ScyllaDB node.').default('2Gi'),
    requests: z
      .strictObject({
        cpu: cpuQuantity('CPU reserved per ScyllaDB node.').default('250m'),
        memory: quantity('Memory reserved per ScyllaDB node.').default('1Gi'),
      })
      .prefault({})
      .describe('What each ScyllaDB node is guaranteed (below the limits, so pods stay Burstable).'),
    capacity: quantity('Disk requested per ScyllaDB node.').default('2Gi'),
    storageClass: z.string().min(1).default('standard').describe('StorageClass for ScyllaDB volumes ("standard" on kind).'),
    aioMaxNr: count('fs.aio-max-nr the ScyllaDB pods set on the node (ScyllaDB needs ~11026 per shard).', 65536, 100_000_000)
      .default(1048576),
    config: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({ query_tombstone_page_limit: 200000, commitlog_segment_size_in_mb: 256 })
      .describe('Entries of scylla.yaml, stored in the scylla-config ConfigMap.'),
  })
  .prefault({})
  .describe('The ScyllaCluster each validator stores its chains in (engine: scylla).');

const service = z
  .strictObject({
    // linera-storage-runtime 0.15.23 src/lib.rs:325-326 gives service:tcp:127.0.0.1:7878:… as the
    // example of this storage form; the server has no default port of its own (`--endpoint` is required).
    port: port('Port linera-storage-server binds in its pod and serves on its Service.').default(7878),
    resources: resources(
      'CPU and memory of each storage server. RocksDB sizes its block cache and its write buffers to a quarter of the memory limit each.',
      { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    ),
    capacity: quantity('Disk requested for each storage server\'s RocksDB volume.').default('2Gi'),
    storageClass: z.string().min(1).default('standard').describe('StorageClass of that volume ("standard" on kind).'),
    flags: cliFlags,
  })
  .prefault({})
  .describe(
    'linera-storage-server with its RocksDB engine on a volume, so state survives a pod restart (engine: service). One process owns the RocksDB directory and every shard, proxy and exporter of its validators reaches it over gRPC.',
  );

export const storage = z
  .strictObject({
    engine: z
      .enum(['scylla', 'service'])
      .default('scylla')
      .describe(
        `scylla: ScyllaDB run by scylla-operator (installs cert-manager and scylla-operator). service: linera-storage-server over RocksDB, what \`linera net up\` uses without --storage; no operators, a few hundred MiB. Its image is built on this machine: ${STORAGE_SERVER_BUILD} (in the devnet checkout).`,
      ),
    layout: z
      .enum(['shared', 'per-validator'])
      .default('shared')
      .describe(
        'shared: one database for the whole devnet (a ScyllaCluster or a storage server), a table per validator (light, the laptop default). per-validator: each validator gets its own in its namespace (isolated, like production).',
      ),
    replicationFactor: count('Storage replication factor passed to Linera.', 1, 5).default(1),
    initDeadline: duration('How long the storage-init Job keeps retrying `linera storage initialize` before it fails.').default('10m'),
    scylla,
    service,
  })
  .prefault({})
  .describe('Where validators keep their state.');

export type StorageSection = z.infer<typeof storage>;
