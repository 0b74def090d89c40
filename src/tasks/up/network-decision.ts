/**
 * Whether a second `up` may keep a Linera network or must make a new one, decided from what the
 * cluster holds. Only a real change of the committee or of the seed makes a new network (and then
 * the old validators and their storage must go, which the user confirms); an object that went
 * missing is restored from what is left, or named with what to do. Pure: no cluster, no clock.
 */
import { createHash } from 'node:crypto';

export interface LineraInventory {
  /** The devnet-state Secret's data, decoded; undefined when the Secret is missing. */
  state: Record<string, string> | undefined;
  /** Per validator of the profile: its server config, undefined when its Secret is missing. */
  servers: (string | undefined)[];
  /** Per validator of the profile: its genesis ConfigMap's files, undefined when it is missing. */
  genesis: ({ genesis: string; committee: string } | undefined)[];
}

/** What the profile asks for, in the terms the state Secret remembers. */
export interface WantedNetwork {
  /** Hash of what the committee and genesis are made from (validators' options, genesis settings). */
  committee: string;
  validators: number;
  /** The user's seed, '' when none. */
  seed: string;
  /** The hash earlier versions stored (committee and seed together), for state Secrets that lack the fields above. */
  fingerprint: string;
}

export type Change = 'committee' | 'seed';

export type NetworkDecision =
  | { action: 'generate' }
  | { action: 'reset'; changed: Change[]; detail: string }
  | {
      action: 'reuse';
      /** What will be re-created, for the notes. */
      restore: string[];
      /** Validators whose server config must be made again from the seed (checked against the live committee). */
      missingServers: number[];
      /** The admin wallet is gone with the state Secret (it can come back only from the seed). */
      missingWallet: boolean;
    }
  | { action: 'blocked'; missing: string[]; reason: string };

export function committeeHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 24);
}

export function decideNetwork(inventory: LineraInventory, wanted: WantedNetwork, namespaces: readonly string[]): NetworkDecision {
  const { state, servers, genesis } = inventory;
  if (state === undefined && servers.every((s) => s === undefined) && genesis.every((g) => g === undefined)) return { action: 'generate' };
  const changed = state === undefined ? [] : changesOf(state, wanted);
  if (changed.length > 0) return { action: 'reset', changed, detail: describeChange(changed, state, wanted) };
  return reuse(inventory, wanted, namespaces);
}

function changesOf(state: Record<string, string>, wanted: WantedNetwork): Change[] {
  const seedChanged = (state.seed ?? '') !== wanted.seed;
  if (state.committee === undefined) {
    if (state.fingerprint === wanted.fingerprint) return [];
    return seedChanged ? ['seed'] : ['committee'];
  }
  return [...(state.committee !== wanted.committee ? (['committee'] as const) : []), ...(seedChanged ? (['seed'] as const) : [])];
}

function describeChange(changed: Change[], state: Record<string, string> | undefined, wanted: WantedNetwork): string {
  const parts: string[] = [];
  if (changed.includes('committee')) {
    const before = Number(state?.validators ?? NaN);
    parts.push(
      Number.isInteger(before) && before !== wanted.validators
        ? `the committee changed: ${wanted.validators} validator${wanted.validators === 1 ? '' : 's'} instead of ${before}`
        : 'the committee changed: the validators\' settings (ports, shards, hosts) or the genesis settings are not the ones its genesis was made for',
    );
  }
  if (changed.includes('seed')) parts.push(wanted.seed === '' ? 'the seed changed: none is given now' : (state?.seed ?? '') === '' ? 'the seed changed: one is given now, none was before' : 'the seed changed');
  return parts.join('; ');
}

function reuse(inventory: LineraInventory, wanted: WantedNetwork, namespaces: readonly string[]): NetworkDecision {
  const ns = (v: number) => namespaces[v] ?? `validator-${v}`;
  const copy = inventory.genesis.findIndex((g) => g !== undefined);
  const missingServers = inventory.servers.flatMap((s, v) => (s === undefined ? [v] : []));
  const missing = [
    ...missingServers.map((v) => `Secret ${ns(v)}/validator-config (validator-${v}'s server config and signing key)`),
    ...(copy < 0 ? [`ConfigMap genesis in every validator namespace (${namespaces.join(', ')})`] : []),
  ];
  if (copy < 0 || (missingServers.length > 0 && wanted.seed === '')) {
    return {
      action: 'blocked',
      missing,
      reason: copy < 0 ? 'the genesis existed only in those ConfigMaps' : 'a signing key existed only in its Secret, and without a seed it cannot be made again',
    };
  }
  const restore = [
    ...inventory.genesis.flatMap((g, v) => (g === undefined ? [`ConfigMap ${ns(v)}/genesis from the copy in ${ns(copy)}`] : [])),
    ...missingServers.map((v) => `Secret ${ns(v)}/validator-config from the seed (checked against the committee in the cluster)`),
    ...(inventory.state === undefined ? [`Secret ${ns(0)}/devnet-state from the validators' Secrets and genesis`] : []),
  ];
  return { action: 'reuse', restore, missingServers, missingWallet: inventory.state === undefined };
}
