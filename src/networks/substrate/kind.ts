/** Substrate-style chains, as devnet knows them: everything the registry (../registry.ts) needs of this kind. */
import { grandpaTolerance } from '../fault-tolerance.js';
import type { NetworkDefinition } from '../kind.js';
import { p2pNodePorts } from '../p2p/rules.js';
import { perValidator } from '../rules/health-rules.js';
import { AUTO_CHAIN, chooseChain, DEV_CHAIN_AUTHORITIES } from './chains.js';
import { substrateChecks } from './checks.js';
import { planSubstrate } from './plan.js';
import { substrateProfile, type SubstrateProfile } from './profile-schema.js';
import { SUBSTRATE_RULES } from './rules.js';

export const substrateKind = {
  name: 'substrate',
  summary: 'Substrate-style chain: validator nodes with per-replica command lines and P2P NodePorts.',
  shippedProfile: 'substrate',
  advertisesEndpoints: false,
  defaultValidators: 2,
  profile: substrateProfile,
  plan: planSubstrate,
  checks: substrateChecks,
  tolerance: (profile) => grandpaTolerance(authorities(profile)),
  rules: SUBSTRATE_RULES,
  health: (profile) => [{ path: ['substrate'], health: profile.substrate.health, ...perValidator(profile.validators, 'nodes', profile.substrate.replicas) }],
  nodePorts: (profile, topology) => p2pNodePorts(profile, profile.substrate, topology, false),
} satisfies NetworkDefinition<SubstrateProfile>;

/** The GRANDPA authorities: the dev accounts of the chain the nodes run, or every node. */
function authorities(profile: SubstrateProfile): number {
  const nodes = profile.validators * profile.substrate.replicas;
  const named = profile.substrate.args.chain;
  const auto = named === AUTO_CHAIN ? chooseChain(nodes) : undefined;
  const chain = auto?.ok === true ? auto.chain : named;
  return profile.substrate.devAccounts ? Math.min(nodes, (typeof chain === 'string' ? DEV_CHAIN_AUTHORITIES[chain] : undefined) ?? nodes) : nodes;
}
