import type { SubstrateProfile } from '../../config/schema.js';
import { PlanError } from '../plan-error.js';
import { planP2p } from '../p2p/plan.js';
import type { Topology } from '../topology.js';

/**
 * The well-known dev accounts polkadot adds session keys for, one flag each
 * (paritytech/polkadot-sdk substrate/client/cli/src/commands/run_cmd.rs@0477b678, RunCmd alice…two
 * and fn get_keyring; the flags conflict with each other, so one per node).
 */
export const DEV_ACCOUNTS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie', 'one', 'two'] as const;

/**
 * Authorities in the genesis of polkadot's built-in dev chains
 * (paritytech/polkadot-sdk polkadot/runtime/rococo/src/genesis_config_presets.rs@0cf718c0:
 * rococo_local_testnet_genesis = Alice, Bob; versi_local_testnet_genesis = Alice, Bob, Charlie, Dave;
 * rococo_development_config_genesis = Alice).
 */
export const DEV_CHAIN_AUTHORITIES: Readonly<Record<string, number>> = { 'rococo-local': 2, 'versi-local': 4, dev: 1, 'rococo-dev': 1 };

export function planSubstrate(profile: SubstrateProfile): Topology {
  const { substrate } = profile;
  checkAuthorities(profile);
  return planP2p({
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
      'RPC (with /health) is reachable on each node\'s RPC NodePort; /metrics stays inside the cluster',
    ],
  });
}

/** Every node of a dev chain must be one of its authorities, or it never authors a block (and its health keyword never appears). */
function checkAuthorities(profile: SubstrateProfile): void {
  const chain = profile.substrate.args.chain;
  if (!profile.substrate.devAccounts || typeof chain !== 'string') return;
  const authorities = DEV_CHAIN_AUTHORITIES[chain];
  const nodes = profile.validators * profile.substrate.replicas;
  if (authorities === undefined || nodes <= authorities) return;
  const names = DEV_ACCOUNTS.slice(0, authorities).map((a) => a[0]?.toUpperCase() + a.slice(1)).join(', ');
  throw new PlanError(
    ['substrate', 'args', 'chain'],
    `is ${chain}, whose genesis has ${authorities} authorit${authorities === 1 ? 'y' : 'ies'} (${names}), but this devnet runs ${nodes} validator nodes: the others would never author a block`,
    `run ${authorities} node${authorities === 1 ? '' : 's'} (--validators ${authorities} with substrate.replicas: 1)${authorities < 4 ? ', or use chain versi-local (authorities Alice, Bob, Charlie, Dave)' : ''}`,
  );
}
