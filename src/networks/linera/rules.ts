/** Cross-field rules of a Linera profile (the shared ones are in ../rules/index.ts). */
import { unworkable, warning } from '../../config/problem.js';
import { AIO_PER_SCYLLA_SHARD, budgetOf } from '../budget.js';
import type { KindRule } from '../kind.js';
import type { LineraProfile } from './profile-schema.js';

type Rule = KindRule<LineraProfile>;

const oneExposure: Rule = (profile) => {
  const { gateway, ingress } = profile.linera.exposure;
  if (!gateway.enabled || !ingress.enabled) return [];
  return [unworkable(['linera', 'exposure', 'ingress', 'enabled'], 'cannot be true while exposure.gateway.enabled is true', 'enable one of gateway and ingress, not both; ingress gives TLS, gateway serves plaintext gRPC')];
};

/** The host names devnet derives, validator-<N>.<domain>, must stay DNS names (at most 253 characters). */
const hostNamesFit: Rule = (profile) => {
  const last = `validator-${profile.validators - 1}`;
  return (['gateway', 'ingress'] as const).flatMap((kind) => {
    const domain = profile.linera.exposure[kind].hostname;
    const host = `${last}.${domain ?? ''}`;
    if (domain === undefined || host.length <= 253) return [];
    return [unworkable(['linera', 'exposure', kind, 'hostname'], `gives ${last} the host name ${host.slice(0, 40)}… (${host.length} characters), longer than the 253 a DNS name may have`, 'use a shorter domain')];
  });
};

const privilegedHostPorts: Rule = (_profile, topology) => {
  const low = topology?.cluster.reserved.find((e) => e.hostPort < 1024);
  if (low === undefined) return [];
  return [warning(['linera', 'exposure', 'hostPortBase'], `host port ${low.hostPort} is privileged; kind may fail to bind it`, 'use a host port above 1024, e.g. 19100')];
};

const aioBudget: Rule = (profile, topology) => {
  if (topology === undefined) return [];
  const needed = budgetOf(topology).scyllaShards * AIO_PER_SCYLLA_SHARD;
  if (needed <= profile.linera.storage.scylla.aioMaxNr) return [];
  return [warning(['linera', 'storage', 'scylla', 'aioMaxNr'], `is below the ~${needed} AIO slots the ScyllaDB shards of this devnet need`, `set it to at least ${needed}`)];
};

export const LINERA_RULES: readonly Rule[] = [oneExposure, hostNamesFit, privilegedHostPorts, aioBudget];
