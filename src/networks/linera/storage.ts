/**
 * ScyllaDB for Linera: one ScyllaCluster shared by the devnet with a keyspace per validator (the
 * laptop default), or one ScyllaCluster in every validator's namespace.
 */
import type { LineraProfile } from '../../config/schema.js';
import { serviceHost, sharedNamespace, validatorNamespace } from '../naming.js';
import type { ScyllaPlan } from '../topology.js';

const CLUSTER = 'scylla';
const CQL_PORT = 9042;

export function storageUri(profile: LineraProfile, v: number): string {
  if (profile.linera.storage.layout === 'per-validator') {
    return `scylladb:tcp:${serviceHost(`${CLUSTER}-client`, validatorNamespace(profile.name, v))}:${CQL_PORT}`;
  }
  return `scylladb:tcp:${serviceHost(`${CLUSTER}-client`, sharedNamespace(profile.name))}:${CQL_PORT}:table_validator_${v}`;
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
