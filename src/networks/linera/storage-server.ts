/**
 * linera-storage-server (crate linera-storage-service 0.15.23) as devnet runs it for
 * `storage.engine: service`: one StatefulSet replica over RocksDB on a volume, serving every
 * shard, proxy, exporter and storage-init Job of its validators on one TCP port. RocksDB admits a
 * single process per directory, which is why a validator's processes share it through this server.
 */
import type { LineraProfile } from './profile-schema.js';
import type { ComponentPlan, Word } from '../topology.js';
import { STORAGE_SERVER_DOCKERFILE_DIR } from './storage-schema.js';
import { flagWords, words } from './words.js';

/** The StatefulSet, its pod (storage-0) and the selector `devnet logs storage` finds it by. */
export const STORAGE_SERVER = 'storage';
/** The ClusterIP Service the storage URIs name; the headless one only gives the pod its DNS name. */
export const STORAGE_SERVICE = 'storage';
const HEADLESS = 'storage-internal';
/** Where the volume is mounted; the server keeps its RocksDB in a directory under it named after --namespace. */
export const STORAGE_DATA_DIR = '/data';
const ROCKSDB_NAMESPACE = 'devnet';

/**
 * `linera-storage-server rocksdb --endpoint … --path … --namespace …`: the `rocksdb` subcommand
 * exists only when the crate is built with its `rocksdb` feature (src/server.rs:262-301,
 * `#[cfg(with_rocksdb)]`; build.rs:6 `with_rocksdb: all(feature = "rocksdb")`). `--endpoint` is
 * parsed as a socket address (src/server.rs:707, `endpoint.parse()`), so it is an address and port,
 * never a host name (the binary built from the crate panics on `localhost:PORT`): 0.0.0.0 makes it
 * reachable through the pod's IP. RocksDB keeps the database in
 * `<path>/<namespace>` (linera-views 0.15.23 src/backends/rocks_db.rs:427-435), and `--namespace`
 * takes letters, digits and "_" (rocks_db.rs:394-402).
 */
export function storageServerCommand(profile: LineraProfile): Word[] {
  const { linera } = profile;
  const service = linera.storage.service;
  return [
    ...words(linera.binaries.storageServer, 'rocksdb', '--endpoint', `0.0.0.0:${service.port}`, '--path', STORAGE_DATA_DIR, '--namespace', ROCKSDB_NAMESPACE),
    ...flagWords(service.flags),
  ];
}

/** The storage server of one validator (`validator` set) or of the whole devnet (null, shared layout). */
export function storageServer(profile: LineraProfile, namespace: string, validator: number | null): ComponentPlan {
  const { linera } = profile;
  const service = linera.storage.service;
  const served = validator === null ? `all ${profile.validators} validators (a namespace each, table_validator_N)` : 'this validator';
  return {
    name: STORAGE_SERVER,
    headless: HEADLESS,
    workload: 'StatefulSet',
    role: `linera-storage-server keeps the chains of ${served} in RocksDB and serves them over gRPC: RocksDB admits one process, and every shard and proxy needs the database.`,
    namespace,
    validator,
    phase: 'storage',
    image: linera.images.storage,
    pullPolicy: linera.imagePullPolicy,
    ports: [{ name: 'storage', port: service.port, protocol: 'TCP', metrics: false }],
    replicas: [{ ordinal: 0, index: 0, pod: `${STORAGE_SERVER}-0`, command: storageServerCommand(profile), exposures: [] }],
    // tracing's EnvFilter::from_env_lossy reads RUST_LOG (src/server.rs:599-601).
    env: [{ name: 'RUST_LOG', from: { value: linera.logLevel } }],
    mounts: [],
    initContainers: [],
    resources: service.resources,
    // The server registers only its own key_value_store.v1 service, no grpc.health.v1
    // (src/server.rs:709-713), so a gRPC probe would never pass. It opens RocksDB before it binds
    // (src/server.rs:692-713), so a port that accepts connections is a store that is open.
    readiness: { kind: 'tcp', port: 'storage' },
    volumeClaim: { name: 'rocksdb', size: service.capacity, storageClass: service.storageClass, mountPath: STORAGE_DATA_DIR },
    clientService: { name: STORAGE_SERVICE, ports: ['storage'] },
    traffic: [`shards, proxies, exporters and storage init → ${STORAGE_SERVICE}:${service.port} (gRPC, key_value_store.v1)`],
    imageSource: { dockerfileDir: STORAGE_SERVER_DOCKERFILE_DIR },
  };
}
