/**
 * A validator's storage, by engine and layout. ScyllaDB: one ScyllaCluster shared by the devnet, or
 * one in every validator's namespace; Linera keeps everything in keyspace `kv`, one table per
 * namespace (linera-views 0.15.23 src/backends/scylla_db.rs:102). linera-storage-server: one server
 * shared by the devnet, or one per validator; the storage namespace becomes a key prefix inside the
 * server's one RocksDB (linera-storage-service 0.15.23 src/client.rs:55-65). Either way validator v
 * uses the namespace `table_validator_<v>`, so the layouts differ only in where the database runs.
 */
import type { LineraProfile } from './profile-schema.js';
import { serviceHost, sharedNamespace, validatorNamespace } from '../naming.js';
import type { ComponentPlan, Operator, ScyllaPlan, StorageCost } from '../topology.js';
import { STORAGE_SERVICE, storageServer } from './storage-server.js';

const CLUSTER = 'scylla';
const CQL_PORT = 9042;
/** What devnet installs for ScyllaDB: scylla-operator's manifest holds cert-manager Issuers and Certificates. */
const SCYLLA_OPERATORS: Operator[] = ['cert-manager', 'scylla-operator'];

type Storage = LineraProfile['linera']['storage'];

/** The namespace the validator's database runs in. */
function databaseNamespace(profile: LineraProfile, v: number): string {
  return profile.linera.storage.layout === 'per-validator' ? validatorNamespace(profile.name, v) : sharedNamespace(profile.name);
}

/**
 * `scylladb:tcp:HOST:PORT:table_…`: the optional part names the table and must start with "table"
 * (linera-storage-runtime 0.15.23 src/lib.rs:389-433, `StorageConfig::from_str`).
 * `service:tcp:HOST:PORT:NAMESPACE`: exactly four parts after "service:", protocol tcp
 * (src/lib.rs:321-348); the client dials http://HOST:PORT through a lazily connecting tonic
 * channel (linera-storage-service 0.15.23 src/common.rs:100-102, src/client.rs:476-478), so a
 * Service's DNS name works and is resolved when it connects. The namespace is always given, so a
 * validator's data is `table_validator_<v>` in every engine and layout.
 */
export function storageUri(profile: LineraProfile, v: number): string {
  const namespace = databaseNamespace(profile, v);
  const storage = profile.linera.storage;
  if (storage.engine === 'service') return `service:tcp:${serviceHost(STORAGE_SERVICE, namespace)}:${storage.service.port}:table_validator_${v}`;
  return `scylladb:tcp:${serviceHost(`${CLUSTER}-client`, namespace)}:${CQL_PORT}:table_validator_${v}`;
}

/** The storage servers of the devnet: one in the shared namespace, or one per validator. */
export function storageServers(profile: LineraProfile): ComponentPlan[] {
  if (profile.linera.storage.engine !== 'service') return [];
  if (profile.linera.storage.layout === 'shared') return [storageServer(profile, sharedNamespace(profile.name), null)];
  return Array.from({ length: profile.validators }, (_, v) => storageServer(profile, validatorNamespace(profile.name, v), v));
}

export function scyllaPlans(profile: LineraProfile): ScyllaPlan[] {
  if (profile.linera.storage.engine !== 'scylla') return [];
  if (profile.linera.storage.layout === 'shared') return [scylla(profile, sharedNamespace(profile.name), null)];
  return Array.from({ length: profile.validators }, (_, v) => scylla(profile, validatorNamespace(profile.name, v), v));
}

/** The operators the storage engine needs installed first. */
export function storageOperators(storage: Storage): Operator[] {
  return storage.engine === 'scylla' ? SCYLLA_OPERATORS : [];
}

/** Both engines' cost for this profile, so `devnet explain` can set the one in use beside the other. */
export function storageCosts(profile: LineraProfile): { current: StorageCost; alternative: StorageCost } {
  const { storage } = profile.linera;
  const databases = storage.layout === 'shared' ? 1 : profile.validators;
  const scyllaCost: StorageCost = {
    engine: `ScyllaDB ${storage.scylla.version}`,
    pods: databases * storage.scylla.members,
    resources: { requests: storage.scylla.requests, limits: { cpu: storage.scylla.cpu, memory: storage.scylla.memory } },
    operators: SCYLLA_OPERATORS,
  };
  const serviceCost: StorageCost = { engine: 'linera-storage-server', pods: databases, resources: storage.service.resources, operators: [] };
  return storage.engine === 'service' ? { current: serviceCost, alternative: scyllaCost } : { current: scyllaCost, alternative: serviceCost };
}

/** Volumes of other components (the exporter's) use the storage class of the engine in use. */
export function storageClassOf(storage: Storage): string {
  return storage.engine === 'service' ? storage.service.storageClass : storage.scylla.storageClass;
}

function scylla(profile: LineraProfile, namespace: string, validator: number | null): ScyllaPlan {
  const s = profile.linera.storage.scylla;
  return {
    name: CLUSTER,
    namespace,
    validator,
    version: s.version,
    agentVersion: s.agentVersion,
    developerMode: s.developerMode,
    members: s.members,
    datacenter: 'devnet',
    rack: 'rack',
    resources: { requests: s.requests, limits: { cpu: s.cpu, memory: s.memory } },
    capacity: s.capacity,
    storageClass: s.storageClass,
    sysctls: [`fs.aio-max-nr=${s.aioMaxNr}`],
    configMap: 'scylla-config',
    config: s.config,
    clientHost: serviceHost(`${CLUSTER}-client`, namespace),
  };
}
