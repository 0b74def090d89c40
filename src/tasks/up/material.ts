/**
 * Key material across runs. The cluster is the source of truth: a `devnet-state` Secret in the
 * first validator's namespace remembers the seed and what the keys were made for; the keys
 * themselves live in the Secrets the first run created. A second `up` reuses them; only a change
 * of the committee or the seed makes a fresh network (network-decision.ts decides, the user
 * confirms); a missing Secret or ConfigMap is restored from what is left, never a reason to start over.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../../errors/index.js';
import type { Kube, LiveObject } from '../../kube/client.js';
import type { CommandLines } from '../../output/command-line.js';
import { generateMaterial } from '../../networks/generate.js';
import { materialOf, withEntries, type Material, type MaterialEntry } from '../../networks/material.js';
import type { Topology } from '../../networks/topology.js';
import type { Profile } from '../../networks/registry.js';
import { validatorNamespace } from '../../networks/naming.js';
import { labels } from '../../render/labels.js';
import type { KubeObject } from '../../render/kube-object.js';
import { dockerContainers } from '../containers.js';
import { STATE_LABEL } from './apply.js';
import { committeeHash, decideNetwork, type LineraInventory, type NetworkDecision, type WantedNetwork } from './network-decision.js';

export const STATE_SECRET = 'devnet-state';

interface DataObject extends LiveObject {
  data?: Record<string, string>;
}

/** What `up` found in the cluster and will do about keys and genesis (decided before anything changes). */
export interface NetworkPlan {
  decision: NetworkDecision | { action: 'builtin' };
  /** Linera: what the cluster holds, and what the profile asks for. */
  inventory?: LineraInventory;
  wanted?: WantedNetwork;
  /** Other networks: the seed their keys come from (the user's, the stored one, or a new one). */
  seed: string;
  stateExists: boolean;
}

export interface MaterialOutcome {
  material: Material;
  origin: 'reused' | 'generated';
  /** Secret holding the seed, what the keys were made for and (Linera) the admin wallet; applied with the rest. */
  state: KubeObject;
  /** What was restored from what the cluster still had. */
  restored: string[];
}

const decode = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));
const decodeAll = (data: Record<string, string> | undefined) => Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, decode(v) ?? '']));

export function fingerprint(topology: Topology, seed: string | undefined): string {
  return createHash('sha256').update(JSON.stringify({ material: topology.material, seed: seed ?? null })).digest('hex').slice(0, 24);
}

export function wantedNetwork(profile: Profile, topology: Topology): WantedNetwork {
  return { committee: committeeHash(topology.material), validators: topology.validators.length, seed: profile.seed ?? '', fingerprint: fingerprint(topology, profile.seed) };
}

/** Reads what the cluster holds and decides; changes nothing. */
export async function inspectNetwork(kube: Kube, profile: Profile, topology: Topology, signal: AbortSignal): Promise<NetworkPlan> {
  const stateSecret = await kube.get<DataObject>('v1', 'Secret', validatorNamespace(profile.name, 0), STATE_SECRET, signal);
  const state = stateSecret === undefined ? undefined : decodeAll(stateSecret.data);
  if (topology.material.kind !== 'linera') {
    return { decision: { action: 'builtin' }, seed: profile.seed ?? state?.seed ?? randomBytes(16).toString('hex'), stateExists: state !== undefined };
  }
  const inventory = await lineraInventory(kube, topology, state, signal);
  const wanted = wantedNetwork(profile, topology);
  const decision = decideNetwork(inventory, wanted, topology.validators.map((v) => v.namespace));
  return { decision, inventory, wanted, seed: wanted.seed, stateExists: state !== undefined };
}

async function lineraInventory(kube: Kube, topology: Topology, state: Record<string, string> | undefined, signal: AbortSignal): Promise<LineraInventory> {
  const per = await Promise.all(
    topology.validators.map(async (v) => {
      const [secret, genesis] = await Promise.all([
        kube.get<DataObject>('v1', 'Secret', v.namespace, 'validator-config', signal),
        kube.get<DataObject>('v1', 'ConfigMap', v.namespace, 'genesis', signal),
      ]);
      const files = genesis?.data?.['genesis.json'] !== undefined && genesis.data['committee.json'] !== undefined ? { genesis: genesis.data['genesis.json'], committee: genesis.data['committee.json'] } : undefined;
      return { server: decode(secret?.data?.serverConfig), genesis: files };
    }),
  );
  return { state, servers: per.map((p) => p.server), genesis: per.map((p) => p.genesis) };
}

export function blockedError(decision: Extract<NetworkDecision, { action: 'blocked' }>, devnet: string, lines: CommandLines): UserError {
  return new UserError(`devnet ${devnet} is missing what only it had, so up cannot continue without losing the network:`, {
    details: [...decision.missing.map((m) => `missing: ${m}`), `${decision.reason}; devnet does not make a new network on its own, because that deletes every validator's storage.`],
    hint: `restore what is missing (${lines.kubectl('apply -f')} a backup), or start a new network: ${lines.devnet('down')}, then ${lines.up()}`,
  });
}

/** Produces the material the plan calls for: reused, restored, or generated (after a confirmed reset). */
export async function resolveMaterial(kube: Kube, profile: Profile, topology: Topology, plan: NetworkPlan, env: Record<string, string | undefined>, signal: AbortSignal, lines: CommandLines): Promise<MaterialOutcome> {
  const generate = (seed: string, fromUser: boolean) => generateMaterial(profile, topology, { mode: 'tools', seed, seedFromUser: fromUser, container: dockerContainers(env, signal), signal });
  const { decision } = plan;
  if (decision.action === 'builtin') {
    const material = withEntries(await generate(plan.seed, profile.seed !== undefined), await discoveredBefore(kube, topology, signal));
    return { material, origin: plan.stateExists ? 'reused' : 'generated', restored: [], state: stateObject(profile, topology, { seed: plan.seed, fingerprint: fingerprint(topology, plan.seed) }) };
  }
  if (decision.action === 'blocked') throw blockedError(decision, profile.name, lines);
  const wanted = plan.wanted ?? wantedNetwork(profile, topology);
  const remembered = { seed: wanted.seed, committee: wanted.committee, validators: String(wanted.validators), fingerprint: wanted.fingerprint };
  if (decision.action === 'reuse' && plan.inventory !== undefined) {
    const regenerated = decision.missingServers.length > 0 || (decision.missingWallet && wanted.seed !== '') ? await generate(wanted.seed, true) : undefined;
    const material = reusedMaterial(plan.inventory, regenerated, decision.missingServers, profile.name, lines);
    const wallet = { 'wallet.json': entry(material, 'wallet.json'), 'keystore.json': entry(material, 'keystore.json') };
    return { material, origin: 'reused', restored: decision.restore, state: stateObject(profile, topology, { ...wallet, ...remembered }) };
  }
  const material = await generate(wanted.seed, wanted.seed !== '');
  const wallet = { 'wallet.json': entry(material, 'wallet.json'), 'keystore.json': entry(material, 'keystore.json') };
  return { material, origin: 'generated', restored: [], state: stateObject(profile, topology, { ...wallet, ...remembered }) };
}

/**
 * Values a previous run discovered (the bootstrap node's address), read back from the ConfigMaps
 * that carry them, so that applying the configuration again never blanks them while nodes that
 * read them at start-up may restart.
 */
async function discoveredBefore(kube: Kube, topology: Topology, signal: AbortSignal): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const plan of topology.data) {
    const name = plan.untilDiscovered;
    if (name === undefined || found[name] !== undefined) continue;
    const entry = plan.entries.find((e) => 'material' in e && e.material === name);
    const live = await kube.get<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', plan.namespace, plan.name, signal);
    const value = entry === undefined ? undefined : live?.data?.[entry.key];
    if (value !== undefined && value !== '') found[name] = value;
  }
  return found;
}

function entry(material: Material, name: string): string {
  return material.entries.get(name)?.text ?? '';
}

/**
 * The live network's material; a server config that went missing comes from `regenerated` (the
 * same seed), accepted only if that gives exactly the committee the cluster runs. The wallet comes
 * back from the seed only when the regenerated genesis is byte-for-byte the live one.
 */
function reusedMaterial(inventory: LineraInventory, regenerated: Material | undefined, missing: number[], devnet: string, lines: CommandLines): Material {
  const live = inventory.genesis.find((g) => g !== undefined);
  if (live === undefined) throw new Error('reuse without a genesis copy');
  if (missing.length > 0 && entry(regenerated ?? materialOf('linera-tools', {}), 'committee.json') !== live.committee) {
    throw new UserError(`devnet ${devnet} is missing the server config of validator${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, and the seed no longer gives the committee the cluster runs.`, {
      hint: `restore Secret validator-config from a backup (${lines.kubectl('apply -f')}), or start a new network: ${lines.devnet('down')}, then ${lines.up()}`,
    });
  }
  const entries: Record<string, MaterialEntry> = {};
  inventory.servers.forEach((server, v) => {
    entries[`validator-${v}/server.json`] = { text: server ?? entry(regenerated ?? materialOf('linera-tools', {}), `validator-${v}/server.json`), secret: true };
  });
  entries['genesis.json'] = { text: live.genesis, secret: false };
  entries['committee.json'] = { text: live.committee, secret: false };
  const sameGenesis = regenerated !== undefined && entry(regenerated, 'genesis.json') === live.genesis;
  for (const name of ['wallet.json', 'keystore.json']) {
    entries[name] = { text: inventory.state?.[name] ?? (sameGenesis ? entry(regenerated, name) : ''), secret: true };
  }
  return materialOf('linera-tools', entries);
}

function stateObject(profile: Profile, topology: Topology, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: STATE_SECRET,
      namespace: validatorNamespace(profile.name, 0),
      labels: { ...labels({ devnet: profile.name, network: topology.network, validator: 0, component: 'devnet' }), [STATE_LABEL]: 'true' },
    },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}
