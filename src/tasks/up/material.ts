/**
 * Key material across runs. The cluster is the source of truth: a `devnet-state` Secret in the
 * first validator's namespace remembers the seed and a fingerprint of what the keys were made
 * for; the keys themselves live in the Secrets the first run created. A second `up` reuses them; a
 * change that needs a new genesis (another committee, another seed) makes a fresh network.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kube, LiveObject } from '../../kube/client.js';
import { generateMaterial } from '../../networks/generate.js';
import { materialOf, withEntries, type Material, type MaterialEntry } from '../../networks/material.js';
import type { Topology } from '../../networks/topology.js';
import type { Profile } from '../../config/schema.js';
import { validatorNamespace } from '../../networks/naming.js';
import { labels } from '../../render/labels.js';
import type { KubeObject } from '../../render/kube-object.js';
import { dockerContainers } from '../containers.js';
import { STATE_LABEL } from './apply.js';

export const STATE_SECRET = 'devnet-state';

interface SecretObject extends LiveObject {
  data?: Record<string, string>;
}

export interface MaterialOutcome {
  material: Material;
  origin: 'reused' | 'generated';
  /** The keys no longer match the profile: the old network must go before the new one starts. */
  reset: boolean;
  /** Secret holding the seed, the fingerprint and (Linera) the admin wallet; applied with the rest. */
  state: KubeObject;
}

const decode = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));

export function fingerprint(topology: Topology, seed: string | undefined): string {
  return createHash('sha256').update(JSON.stringify({ material: topology.material, seed: seed ?? null })).digest('hex').slice(0, 24);
}

export async function resolveMaterial(kube: Kube, profile: Profile, topology: Topology, env: Record<string, string | undefined>, signal: AbortSignal): Promise<MaterialOutcome> {
  const namespace = validatorNamespace(profile.name, 0);
  const stateSecret = await kube.get<SecretObject>('v1', 'Secret', namespace, STATE_SECRET, signal);
  const state = Object.fromEntries(Object.entries(stateSecret?.data ?? {}).map(([k, v]) => [k, decode(v) ?? '']));
  const seed = profile.seed ?? state.seed ?? randomBytes(16).toString('hex');
  // Linera's tools get a seed only from the user; devnet's own generator always has one.
  const print = fingerprint(topology, topology.material.kind === 'linera' ? profile.seed : seed);
  if (topology.material.kind === 'linera' && state.fingerprint === print) {
    const reused = await readLineraMaterial(kube, topology, state, signal);
    if (reused !== undefined) return { material: reused, origin: 'reused', reset: false, state: stateObject(profile, topology, { ...state, fingerprint: print }) };
  }
  const generated = await generateMaterial(profile, topology, { mode: 'tools', seed, seedFromUser: profile.seed !== undefined, container: dockerContainers(env, signal), signal });
  const material = withEntries(generated, await discoveredBefore(kube, topology, signal));
  const extra: Record<string, string> = topology.material.kind === 'linera' ? { 'wallet.json': entry(material, 'wallet.json'), 'keystore.json': entry(material, 'keystore.json') } : {};
  const reset = topology.material.kind === 'linera' && stateSecret !== undefined;
  return {
    material,
    origin: topology.material.kind === 'linera' || stateSecret === undefined ? 'generated' : 'reused',
    reset,
    state: stateObject(profile, topology, { ...extra, seed: topology.material.kind === 'linera' ? (profile.seed ?? '') : seed, fingerprint: print }),
  };
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

async function readLineraMaterial(kube: Kube, topology: Topology, state: Record<string, string>, signal: AbortSignal): Promise<Material | undefined> {
  if (topology.material.kind !== 'linera') return undefined;
  const entries: Record<string, MaterialEntry> = {};
  for (const v of topology.material.validators) {
    const secret = await kube.get<SecretObject>('v1', 'Secret', topology.validators[v.index]?.namespace, 'validator-config', signal);
    const server = decode(secret?.data?.serverConfig);
    if (server === undefined) return undefined;
    entries[`validator-${v.index}/server.json`] = { text: server, secret: true };
  }
  const genesis = await kube.get<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', topology.validators[0]?.namespace, 'genesis', signal);
  if (genesis?.data?.['genesis.json'] === undefined || genesis.data['committee.json'] === undefined) return undefined;
  entries['genesis.json'] = { text: genesis.data['genesis.json'], secret: false };
  entries['committee.json'] = { text: genesis.data['committee.json'], secret: false };
  entries['wallet.json'] = { text: state['wallet.json'] ?? '', secret: true };
  entries['keystore.json'] = { text: state['keystore.json'] ?? '', secret: true };
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
