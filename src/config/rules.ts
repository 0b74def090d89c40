/**
 * The cross-field stage: small rules over a profile that passed the schema, and over the topology
 * it plans to. Each returns problems; none throws.
 */
import { AIO_PER_SCYLLA_SHARD, budgetOf } from '../networks/budget.js';
import { discoveryProblems } from '../networks/codex/discovery.js';
import { chainProblems } from '../networks/substrate/chains.js';
import type { Topology } from '../networks/topology.js';
import { chaosProblems } from './chaos-rules.js';
import { assertionProblems } from './check-rules.js';
import { healthCheckCount } from './health-rules.js';
import { nodePortProblems } from './node-ports.js';
import type { Problem } from './problem.js';
import { isLoopback } from './fields.js';
import { formatCpu, formatGiB } from './quantity.js';
import type { Profile } from './schema.js';

interface RuleContext {
  profile: Profile;
  /** Absent when planning failed; rules that need it then have nothing to say. */
  topology: Topology | undefined;
}

type Rule = (ctx: RuleContext) => Problem[];

/** A 16 GB / 4-core laptop leaves Docker about this much for the devnet. */
export const LAPTOP = { cpu: 4, memory: 12 * 2 ** 30 };

const oneExposure: Rule = ({ profile }) => {
  if (profile.network !== 'linera') return [];
  const { gateway, ingress } = profile.linera.exposure;
  if (!gateway.enabled || !ingress.enabled) return [];
  return [unworkable(['linera', 'exposure', 'ingress', 'enabled'], 'cannot be true while exposure.gateway.enabled is true', 'enable one of gateway and ingress, not both; ingress gives TLS, gateway serves plaintext gRPC')];
};

/** The host names devnet derives, validator-<N>.<domain>, must stay DNS names (at most 253 characters). */
const hostNamesFit: Rule = ({ profile }) => {
  if (profile.network !== 'linera') return [];
  const last = `validator-${profile.validators - 1}`;
  return (['gateway', 'ingress'] as const).flatMap((kind) => {
    const domain = profile.linera.exposure[kind].hostname;
    const host = `${last}.${domain ?? ''}`;
    if (domain === undefined || host.length <= 253) return [];
    return [unworkable(['linera', 'exposure', kind, 'hostname'], `gives ${last} the host name ${host.slice(0, 40)}… (${host.length} characters), longer than the 253 a DNS name may have`, 'use a shorter domain')];
  });
};

const withinReservation: Rule = ({ profile }) => {
  if (profile.validators <= profile.cluster.reservedValidators) return [];
  return [
    unworkable(['validators'], `is ${profile.validators}, more than the ${profile.cluster.reservedValidators} validators cluster.reservedValidators reserves host ports for`,
      `raise cluster.reservedValidators to ${profile.validators} or more (the kind cluster is then recreated once, with devnet up --recreate), or run fewer validators`),
  ];
};

const nodePortsFit: Rule = ({ profile, topology }) => (topology === undefined ? [] : nodePortProblems(profile, topology));

const privilegedHostPorts: Rule = ({ topology, profile }) => {
  const low = topology?.cluster.reserved.find((e) => e.hostPort < 1024);
  if (low === undefined || profile.network !== 'linera') return [];
  return [warning(['linera', 'exposure', 'hostPortBase'], `host port ${low.hostPort} is privileged; kind may fail to bind it`, 'use a host port above 1024, e.g. 19100')];
};

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

const aioBudget: Rule = ({ profile, topology }) => {
  if (profile.network !== 'linera' || topology === undefined) return [];
  const needed = budgetOf(topology).scyllaShards * AIO_PER_SCYLLA_SHARD;
  if (needed <= profile.linera.storage.scylla.aioMaxNr) return [];
  return [warning(['linera', 'storage', 'scylla', 'aioMaxNr'], `is below the ~${needed} AIO slots the ScyllaDB shards of this devnet need`, `set it to at least ${needed}`)];
};

const distinctPorts: Rule = ({ profile }) => {
  if (profile.network === 'linera') return [];
  const ports = profile.network === 'substrate' ? profile.substrate.ports : profile.codex.ports;
  const seen = new Map<string, string>();
  for (const [name, spec] of Object.entries(ports)) {
    if (spec.port === undefined) continue;
    const key = `${spec.protocol}/${spec.port}`;
    const other = seen.get(key);
    if (other !== undefined) return [unworkable([profile.network, 'ports', name, 'port'], `${spec.port}/${spec.protocol} is already the port of ${other}`, 'give every port of the node its own number')];
    seen.set(key, name);
  }
  return [];
};

/** kind binds every reserved host port on this address; beyond loopback, other machines reach them. */
const exposedToNetwork: Rule = ({ profile, topology }) => {
  const address = profile.cluster.listenAddress;
  if (isLoopback(address) || profile.cluster.provider !== 'kind') return [];
  const ports = topology?.cluster.reserved.map((e) => e.hostPort) ?? [];
  const span = ports.length === 0 ? 'every validator\'s host ports' : `every validator's host ports (${Math.min(...ports)}-${Math.max(...ports)})`;
  return [warning(['cluster', 'listenAddress'], `is ${address}: ${span}, RPC and P2P included, are open to ${address === '0.0.0.0' || address === '::' ? 'every network this machine is on' : `the network of ${address}`}, not only to this machine`, 'keep 127.0.0.1 unless other machines must reach the devnet')];
};

/**
 * polkadot refuses --rpc-external on a validator unless --rpc-methods unsafe, and then serves every
 * unsafe method (author_insertKey, system_addReservedPeer, …) to whoever reaches the port
 * (sc-cli 0.55.0, which polkadot-sdk stable2509 pins, src/params/rpc_params.rs:300-326).
 * --unsafe-rpc-external binds every interface with the methods chosen.
 */
const substrateRpc: Rule = ({ profile }) => {
  if (profile.network !== 'substrate') return [];
  const args = profile.substrate.args;
  const on = (name: string) => args[name] !== undefined && args[name] !== null && args[name] !== false;
  if (on('rpc-external') && on('validator') && args['rpc-methods'] !== 'unsafe') {
    return [unworkable(['substrate', 'args', 'rpc-external'], 'is set on a validator without rpc-methods: unsafe, and polkadot refuses to start so', 'use unsafe-rpc-external: true with rpc-methods: safe (the shipped profile does), or opt in to rpc-methods: unsafe')];
  }
  if (args['rpc-methods'] !== 'unsafe' || !(on('rpc-external') || on('unsafe-rpc-external'))) return [];
  return [warning(['substrate', 'args', 'rpc-methods'], `is unsafe: each node's RPC NodePort (on ${profile.cluster.listenAddress}) accepts author_insertKey, system_addReservedPeer and the other unsafe methods from any program on this machine, and (with rpc-cors: all) from any web page open in its browser`, 'keep rpc-methods: safe unless a tool of yours needs an unsafe method')];
};

const checksFitTopology: Rule = ({ profile, topology }) => assertionProblems(profile, topology);

const chaosFitsTopology: Rule = ({ profile, topology }) => chaosProblems(profile, topology);

const chainFinalises: Rule = ({ profile }) => (profile.network === 'substrate' ? chainProblems(profile) : []);

const nodesFindEachOther: Rule = ({ profile }) => (profile.network === 'codex' ? discoveryProblems(profile) : []);

export const RULES: readonly Rule[] = [chainFinalises, nodesFindEachOther, oneExposure, hostNamesFit, withinReservation, nodePortsFit, privilegedHostPorts, contextOnlyForExisting, exposedToNetwork, substrateRpc, laptopBudget, aioBudget, distinctPorts, ({ profile }) => healthCheckCount(profile), checksFitTopology, chaosFitsTopology];

export function runRules(ctx: RuleContext): Problem[] {
  return RULES.flatMap((rule) => rule(ctx));
}

/** An error of viability (see Problem): the devnet could not be deployed or would not work. */
function unworkable(path: (string | number)[], message: string, hint: string): Problem {
  return { severity: 'error', path, message, hint, viability: true };
}

function warning(path: (string | number)[], message: string, hint: string): Problem {
  return { severity: 'warning', path, message, hint };
}
