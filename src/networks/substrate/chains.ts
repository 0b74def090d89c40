/**
 * Which of polkadot's built-in dev chains can work with how many validator nodes, and the one
 * devnet picks when the profile says `chain: auto`.
 *
 * Facts, read in the crates that polkadot-sdk stable2509 (umbrella crate polkadot-sdk 2509.0.0,
 * the release the image parity/polkadot:stable2509 is built from) pins:
 * - Chain ids: polkadot-cli 28.0.0 src/command.rs:145-163 (`dev` is `rococo-dev`); the polkadot
 *   binary enables rococo-native and westend-native (polkadot/Cargo.toml, polkadot-cli features).
 * - Authorities, one dev account each: rococo-runtime 27.0.0 src/genesis_config_presets.rs:448-476
 *   (development: Alice; local_testnet: Alice, Bob; versi_local_testnet: Alice, Bob, Charlie,
 *   Dave), westend-runtime 27.0.0 src/genesis_config_presets.rs:388-400 (development: Alice;
 *   local_testnet: Alice, Bob); versi-dev is rococo's development preset (polkadot-service 28.0.0
 *   src/chain_spec.rs:196-207).
 * - A lone node skips every slot when the chain has more than one authority: it has no peers, so
 *   "Skipping proposal slot. Waiting for the network." (sc-consensus-slots 0.52.0 src/lib.rs:336-349).
 * - GRANDPA finalises a block once authorities of total weight `threshold` vote for it, with
 *   threshold = n − ⌊(n − 1) / 3⌋ for n authorities of weight 1 (finality-grandpa 0.16.3, which
 *   sc-consensus-grandpa 0.38.0 uses, src/voter_set.rs:176-178): 1 of 1, 2 of 2, 3 of 4.
 */
import type { Problem } from '../../config/problem.js';
import type { SubstrateProfile } from './profile-schema.js';
import { DEV_ACCOUNTS } from './accounts.js';

/** The value of substrate.args.chain that lets devnet choose. */
export const AUTO_CHAIN = 'auto';

export const DEV_CHAIN_AUTHORITIES: Readonly<Record<string, number>> = {
  dev: 1,
  'rococo-dev': 1,
  'westend-dev': 1,
  'versi-dev': 1,
  'rococo-local': 2,
  'westend-local': 2,
  'versi-local': 4,
};

/** What `auto` picks, smallest first: the first chain whose authorities the nodes can run. */
const AUTO_CANDIDATES = ['rococo-dev', 'rococo-local', 'versi-local'] as const;

export function grandpaThreshold(authorities: number): number {
  return authorities - Math.floor((authorities - 1) / 3);
}

export function authorityNames(count: number): string {
  return DEV_ACCOUNTS.slice(0, count).map((a) => `${a[0]?.toUpperCase() ?? ''}${a.slice(1)}`).join(', ');
}

/** Why `nodes` validator nodes cannot make a chain with these authorities author and finalise; undefined when they can. */
export function whyNot(authorities: number, nodes: number): string | undefined {
  const names = `${authorities} authorit${authorities === 1 ? 'y' : 'ies'} (${authorityNames(authorities)})`;
  if (nodes > authorities) return `its genesis has ${authorities === 1 ? 'one authority' : names}, but this devnet runs ${nodes} validator nodes: the others would never author a block`;
  if (nodes === 1 && authorities > 1) return `its genesis has ${names}, and a lone node of a chain with more than one authority skips every slot waiting for peers: no block is ever authored`;
  const needed = grandpaThreshold(authorities);
  if (nodes < needed) return `its genesis has ${names}, and GRANDPA finalises only with ${needed} of them voting, but this devnet runs ${nodes}: blocks are authored but never finalised`;
  return undefined;
}

export type ChainChoice = { ok: true; chain: string; reason: string } | { ok: false; message: string; hint: string };

/** The built-in dev chain whose authorities `nodes` validator nodes author and finalise with. */
export function chooseChain(nodes: number): ChainChoice {
  for (const chain of AUTO_CANDIDATES) {
    const authorities = DEV_CHAIN_AUTHORITIES[chain] ?? 0;
    if (whyNot(authorities, nodes) !== undefined) continue;
    const votes = grandpaThreshold(authorities);
    return {
      ok: true,
      chain,
      reason: `substrate.args.chain is auto: ${chain} for ${nodes} validator node${nodes === 1 ? '' : 's'}, whose genesis has ${authorities === 1 ? 'one authority' : `${authorities} authorities`} (${authorityNames(authorities)}); ${nodes === authorities ? 'every node is one of them' : `${nodes} of them run`}, and GRANDPA finalises with ${votes} of ${authorities}`,
    };
  }
  return {
    ok: false,
    message: `is auto, but no built-in dev chain of polkadot has authorities for ${nodes} validator nodes (versi-local, the largest, has 4)`,
    hint: 'run at most 4 nodes (validators × substrate.replicas), or give substrate.args.chain a chain spec file whose authorities are your nodes',
  };
}

/** What `auto` would pick for `nodes`, as a hint after an explicit chain was refused. */
export function autoHint(nodes: number): string {
  const choice = chooseChain(nodes);
  return choice.ok ? `set substrate.args.chain: auto (devnet picks ${choice.chain} for ${nodes} node${nodes === 1 ? '' : 's'})` : choice.hint;
}

/**
 * A dev chain named outright must suit the node count, or the devnet would be "ready" and never
 * author or never finalise.
 */
export function chainProblems(profile: SubstrateProfile): Problem[] {
  const { chain } = profile.substrate.args;
  if (!profile.substrate.devAccounts || typeof chain !== 'string' || chain === AUTO_CHAIN) return [];
  const authorities = DEV_CHAIN_AUTHORITIES[chain];
  const nodes = profile.validators * profile.substrate.replicas;
  const problem = authorities === undefined ? undefined : whyNot(authorities, nodes);
  if (problem === undefined) return [];
  return [{ severity: 'error', path: ['substrate', 'args', 'chain'], message: `is ${chain}: ${problem}`, hint: autoHint(nodes), viability: true }];
}
