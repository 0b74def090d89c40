/**
 * ScyllaDB for Linera: one ScyllaCluster shared by the devnet, or one in every validator's namespace.
 * Linera keeps everything in keyspace `kv`, one table per namespace (linera-views 0.15.23
 * src/backends/scylla_db.rs:102), so each validator gets its own table, `kv.table_validator_<v>`.
 */
import type { LineraProfile } from '../../config/schema.js';
import { serviceHost, sharedNamespace, validatorNamespace } from '../naming.js';
import type { ScyllaPlan } from '../topology.js';

const CLUSTER = 'scylla';
const CQL_PORT = 9042;

/**
 * `scylladb:tcp:HOST:PORT:table_…`: the optional part names the table and must start with "table"
 * (linera-storage-runtime 0.15.23 src/lib.rs, `StorageConfig::from_str`). It is always given, so a
 * validator's data is `kv.table_validator_<v>` in either layout.
 */
export function storageUri(profile: LineraProfile, v: number): string {
  const namespace = profile.linera.storage.layout === 'per-validator' ? validatorNamespace(profile.name, v) : sharedNamespace(profile.name);
  return `scylladb:tcp:${serviceHost(`${CLUSTER}-client`, namespace)}:${CQL_PORT}:table_validator_${v}`;
}

export function scyllaPlans(profile: LineraProfile): ScyllaPlan[] {
  if (profile.linera.storage.layout === 'shared') return [scylla(profile, sharedNamespace(profile.name), null)];
  return Array.from({ length: profile.validators }, (_, v) => scylla(profile, validatorNamespace(profile.name, v), v));
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
