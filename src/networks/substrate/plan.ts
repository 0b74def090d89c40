import type { SubstrateProfile } from './profile-schema.js';
import { PlanError } from '../../config/plan-error.js';
import { planP2p } from '../p2p/plan.js';
import type { Topology } from '../topology.js';
import { DEV_ACCOUNTS } from './accounts.js';
import { AUTO_CHAIN, chooseChain } from './chains.js';

export function planSubstrate(profile: SubstrateProfile): Topology {
  const { substrate, notes } = resolveChain(profile);
  const topology = planP2p({
    profile,
    section: substrate,
    sectionKey: 'substrate',
    component: 'node',
    role: 'A validator node: authors and finalises blocks, gossips with its peers over P2P.',
    // clap takes `--flag value` (and `--flag=value`); polkadot's own docs and zombienet use the first.
    argForm: 'separate',
    // --node-key-file: a hex-encoded 32-byte ed25519 secret (substrate/client/cli/src/params/node_key_params.rs).
    keyFormat: 'hex',
    ...(substrate.bootnodes ? { bootnodes: { port: 'p2p' } } : {}),
    extraWords: (slot) => {
      if (!substrate.devAccounts) return [];
      const account = DEV_ACCOUNTS[slot.index];
      if (account === undefined) {
        throw new PlanError(['substrate', 'devAccounts'], `gives each node a dev account, but polkadot knows ${DEV_ACCOUNTS.length} and this devnet has more nodes`, `run at most ${DEV_ACCOUNTS.length} nodes (validators × substrate.replicas), or set substrate.devAccounts: false and give the nodes keys of your own chain spec`);
      }
      return [[{ text: `--${account}` }]];
    },
    flows: [
      'node-0 of validator 0 is the boot node: every other node dials it first (--bootnodes, peer id from its node key)',
      'nodes advertise <node address>:<NodePort> (--public-addr), so peers and the host can reach each one',
      'node N holds the session keys of dev account N (--alice, --bob, …): the authorities of the dev chain author blocks',
      `RPC (with /health) is reachable on each node's RPC NodePort with ${substrate.args['rpc-methods'] === 'unsafe' ? 'UNSAFE methods too (author_insertKey, system_addReservedPeer, …): rpc-methods: unsafe' : 'safe methods only (rpc-methods: safe)'}; /metrics stays inside the cluster`,
    ],
  });
  return notes.length === 0 ? topology : { ...topology, notes: [...(topology.notes ?? []), ...notes] };
}

type Section = SubstrateProfile['substrate'];

/**
 * `chain: auto` becomes the dev chain the nodes can run. A dev chain named outright is kept as it
 * is: whether it suits the node count is a rule (chainProblems in ./chains.ts), so that a devnet
 * that runs it can still be read and removed.
 */
function resolveChain(profile: SubstrateProfile): { substrate: Section; notes: string[] } {
  const { substrate } = profile;
  const chain = substrate.args.chain;
  const nodes = profile.validators * substrate.replicas;
  const path = ['substrate', 'args', 'chain'];
  if (chain !== AUTO_CHAIN) return { substrate, notes: [] };
  if (!substrate.devAccounts) {
    throw new PlanError(path, 'is auto, which picks a dev chain whose authorities are the dev accounts, but substrate.devAccounts is false', 'name the chain: a chain id polkadot knows or the path of a chain spec file in the image');
  }
  const choice = chooseChain(nodes);
  if (!choice.ok) throw new PlanError(path, choice.message, choice.hint);
  return { substrate: { ...substrate, args: { ...substrate.args, chain: choice.chain } }, notes: [choice.reason] };
}
