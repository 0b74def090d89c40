/**
 * The cross-field stage: small rules over a profile that passed the schema, and over the topology
 * it plans to. Each returns problems; none throws. A kind's own rules come first (declared in its
 * kind.ts), then the ones every kind shares, below.
 */
import { isLoopback } from '../../config/fields.js';
import { warning, unworkable, type Problem } from '../../config/problem.js';
import { formatCpu, formatGiB } from '../../config/quantity.js';
import type { CommonProfile } from '../../config/schema.js';
import { budgetOf } from '../budget.js';
import type { NetworkDefinition } from '../kind.js';
import type { Topology } from '../topology.js';
import { chaosProblems } from './chaos-rules.js';
import { assertionProblems } from './check-rules.js';
import { healthCheckCount } from './health-rules.js';
import { nodePortProblems } from './node-ports.js';

interface RuleContext<P extends CommonProfile> {
  kind: NetworkDefinition<P>;
  profile: P;
  /** Absent when planning failed; rules that need it then have nothing to say. */
  topology: Topology | undefined;
}

type Rule = <P extends CommonProfile>(ctx: RuleContext<P>) => Problem[];

/** A 16 GB / 4-core laptop leaves Docker about this much for the devnet. */
export const LAPTOP = { cpu: 4, memory: 12 * 2 ** 30 };

const withinReservation: Rule = ({ profile }) => {
  if (profile.validators <= profile.cluster.reservedValidators) return [];
  return [
    unworkable(['validators'], `is ${profile.validators}, more than the ${profile.cluster.reservedValidators} validators cluster.reservedValidators reserves host ports for`,
      `raise cluster.reservedValidators to ${profile.validators} or more (the kind cluster is then recreated once, with devnet up --recreate), or run fewer validators`),
  ];
};

const nodePortsFit: Rule = ({ kind, profile, topology }) => (topology === undefined ? [] : nodePortProblems(kind.nodePorts(profile, topology)));

const contextOnlyForExisting: Rule = ({ profile }) => {
  if (profile.cluster.provider !== 'kind' || profile.cluster.context === undefined) return [];
  return [warning(['cluster', 'context'], 'is ignored when cluster.provider is kind (devnet uses the kind cluster\'s own context)', 'set cluster.provider: existing to deploy into this context')];
};

const laptopBudget: Rule = ({ topology }) => {
  if (topology === undefined) return [];
  const budget = budgetOf(topology);
  if (budget.requests.memory <= LAPTOP.memory && budget.requests.cpu <= LAPTOP.cpu) return [];
  return [warning(['validators'], `this devnet reserves ${formatCpu(budget.requests.cpu)} CPU and ${formatGiB(budget.requests.memory)}, more than a 16 GB / 4-core laptop gives Docker (about ${LAPTOP.cpu} CPU, ${formatGiB(LAPTOP.memory)}); pods may stay Pending`, 'use fewer validators or replicas, smaller resources.requests, or storage.layout: shared')];
};

/** kind binds every reserved host port on this address; beyond loopback, other machines reach them. */
const exposedToNetwork: Rule = ({ profile, topology }) => {
  const address = profile.cluster.listenAddress;
  if (isLoopback(address) || profile.cluster.provider !== 'kind') return [];
  const ports = topology?.cluster.reserved.map((e) => e.hostPort) ?? [];
  const span = ports.length === 0 ? 'every validator\'s host ports' : `every validator's host ports (${Math.min(...ports)}-${Math.max(...ports)})`;
  return [warning(['cluster', 'listenAddress'], `is ${address}: ${span}, RPC and P2P included, are open to ${address === '0.0.0.0' || address === '::' ? 'every network this machine is on' : `the network of ${address}`}, not only to this machine`, 'keep 127.0.0.1 unless other machines must reach the devnet')];
};

const healthChecksFit: Rule = ({ kind, profile }) => healthCheckCount(kind.health(profile));

const checksFitTopology: Rule = ({ profile, topology }) => assertionProblems(profile, topology);

const chaosFitsTopology: Rule = ({ profile, topology }) => chaosProblems(profile, topology);

export const SHARED_RULES: readonly Rule[] = [withinReservation, nodePortsFit, contextOnlyForExisting, exposedToNetwork, laptopBudget, healthChecksFit, checksFitTopology, chaosFitsTopology];

export function runRules<P extends CommonProfile>(kind: NetworkDefinition<P>, profile: P, topology: Topology | undefined): Problem[] {
  const ctx = { kind, profile, topology };
  return [...kind.rules.flatMap((rule) => rule(profile, topology)), ...SHARED_RULES.flatMap((rule) => rule(ctx))];
}
