/** Linera, as devnet knows it: everything the registry (../registry.ts) needs of this kind. */
import type { NetworkDefinition } from '../kind.js';
import { lineraTolerance } from '../fault-tolerance.js';
import { perValidator } from '../rules/health-rules.js';
import { reservedValidators } from '../rules/node-ports.js';
import { lineraChecks } from './checks.js';
import { planLinera } from './plan.js';
import { lineraProfile, type LineraProfile } from './profile-schema.js';
import { LINERA_RULES } from './rules.js';

const NODE_PORT_BASE = ['linera', 'exposure', 'nodePortBase'];

export const lineraKind = {
  name: 'linera',
  summary: 'Linera: validators made of shards and proxies over ScyllaDB or linera-storage-server, with an optional block exporter.',
  shippedProfile: 'linera-light',
  advertisesEndpoints: true,
  defaultValidators: 3,
  profile: lineraProfile,
  defaults: (profile) => ({ ...profile, linera: { ...profile.linera, genesis: { ...profile.linera.genesis, networkName: profile.linera.genesis.networkName ?? profile.name } } }),
  plan: planLinera,
  checks: lineraChecks,
  tolerance: (profile) => lineraTolerance(profile.validators),
  validatorTolerance: lineraTolerance,
  rules: LINERA_RULES,
  health(profile) {
    const { shards, proxies, blockExporter } = profile.linera;
    const times = (what: string, replicas: number) => perValidator(profile.validators, what, replicas);
    return [
      { path: ['linera', 'shards'], health: shards.health, ...times('shards', shards.replicas) },
      { path: ['linera', 'proxies'], health: proxies.health, ...times('proxies', proxies.replicas) },
      ...(blockExporter.enabled ? [{ path: ['linera', 'blockExporter'], health: blockExporter.health, ...times('exporters', blockExporter.replicas) }] : []),
    ];
  },
  nodePorts(profile, topology) {
    const ports = topology.cluster.reserved.map((exposure, v) => ({
      exposure,
      who: `validator ${v}'s proxy`,
      service: `linera-${v}`,
      field: NODE_PORT_BASE,
      nodePortPath: NODE_PORT_BASE,
      hostPortPath: ['linera', 'exposure', 'hostPortBase'],
    }));
    return { ports, reservedFor: `${reservedValidators(profile)} validators (cluster.reservedValidators)` };
  },
} satisfies NetworkDefinition<LineraProfile>;
