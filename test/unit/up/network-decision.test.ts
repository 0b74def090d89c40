import { describe, expect, test } from 'vitest';
import { decideNetwork, type LineraInventory, type WantedNetwork } from '../../../src/tasks/up/network-decision.js';

const NAMESPACES = ['lin-val-0', 'lin-val-1'];
const wanted: WantedNetwork = { committee: 'c2', validators: 2, seed: '', fingerprint: 'f-c2-none' };
const genesis = { genesis: '{"g":1}', committee: '{"c":2}' };
const state = (extra: Record<string, string> = {}) => ({ seed: '', committee: 'c2', validators: '2', fingerprint: 'f-c2-none', 'wallet.json': 'w', ...extra });
const full = (over: Partial<LineraInventory> = {}): LineraInventory => ({ state: state(), servers: ['s0', 's1'], genesis: [genesis, genesis], ...over });

describe('whether up keeps a Linera network', () => {
  test.each([
    ['nothing in the cluster: a new network', { state: undefined, servers: [undefined, undefined], genesis: [undefined, undefined] }, wanted, { action: 'generate' }],
    ['everything there and unchanged: reuse', {}, wanted, { action: 'reuse', restore: [], missingServers: [], missingWallet: false }],
  ] as const)('%s', (_, over, want, expected) => {
    expect(decideNetwork(full(over as Partial<LineraInventory>), want, NAMESPACES)).toEqual(expected);
  });

  test('a missing validator Secret never turns into a new network; without a seed it is named with what to do', () => {
    const decision = decideNetwork(full({ servers: ['s0', undefined] }), wanted, NAMESPACES);
    expect(decision).toEqual({
      action: 'blocked',
      missing: ["Secret lin-val-1/validator-config (validator-1's server config and signing key)"],
      reason: 'a signing key existed only in its Secret, and without a seed it cannot be made again',
    });
  });

  test('with a seed, a missing validator Secret is made again from it', () => {
    const seeded = { ...wanted, seed: '42' };
    const decision = decideNetwork(full({ state: state({ seed: '42' }), servers: [undefined, 's1'] }), seeded, NAMESPACES);
    expect(decision).toMatchObject({ action: 'reuse', missingServers: [0], restore: ['Secret lin-val-0/validator-config from the seed (checked against the committee in the cluster)'] });
  });

  test('a genesis ConfigMap missing in one namespace comes back from another namespace\'s copy', () => {
    const decision = decideNetwork(full({ genesis: [undefined, genesis] }), wanted, NAMESPACES);
    expect(decision).toEqual({ action: 'reuse', restore: ['ConfigMap lin-val-0/genesis from the copy in lin-val-1'], missingServers: [], missingWallet: false });
  });

  test('genesis gone from every namespace is named, not regenerated', () => {
    expect(decideNetwork(full({ genesis: [undefined, undefined] }), wanted, NAMESPACES)).toMatchObject({ action: 'blocked', reason: 'the genesis existed only in those ConfigMaps' });
  });

  test('a missing state Secret is rebuilt from the validators\' Secrets and the genesis', () => {
    const decision = decideNetwork(full({ state: undefined }), wanted, NAMESPACES);
    expect(decision).toEqual({ action: 'reuse', restore: ["Secret lin-val-0/devnet-state from the validators' Secrets and genesis"], missingServers: [], missingWallet: true });
  });

  test.each([
    ['more validators', { ...wanted, committee: 'c3', validators: 3 }, state(), ['committee'], 'the committee changed: 3 validators instead of 2'],
    ['other validator settings', { ...wanted, committee: 'c2b' }, state(), ['committee'], "the committee changed: the validators' settings (ports, shards, hosts) or the genesis settings are not the ones its genesis was made for"],
    ['a seed where there was none', { ...wanted, seed: '42' }, state(), ['seed'], 'the seed changed: one is given now, none was before'],
    ['no seed where there was one', wanted, state({ seed: '7' }), ['seed'], 'the seed changed: none is given now'],
    ['both', { ...wanted, seed: '42', committee: 'c3', validators: 3 }, state(), ['committee', 'seed'], 'the committee changed: 3 validators instead of 2; the seed changed: one is given now, none was before'],
  ] as const)('a real change needs a new network: %s', (_, want, stored, changed, detail) => {
    expect(decideNetwork(full({ state: stored }), want, NAMESPACES)).toEqual({ action: 'reset', changed, detail });
  });

  test('a change is a reset even when objects are missing too', () => {
    expect(decideNetwork(full({ servers: [undefined, undefined] }), { ...wanted, committee: 'c3', validators: 3 }, NAMESPACES)).toMatchObject({ action: 'reset' });
  });

  test('a state Secret from before the committee field: the combined fingerprint decides, the seed tells which changed', () => {
    const legacy = { seed: '', fingerprint: 'f-c2-none' };
    expect(decideNetwork(full({ state: legacy }), wanted, NAMESPACES)).toMatchObject({ action: 'reuse' });
    expect(decideNetwork(full({ state: legacy }), { ...wanted, fingerprint: 'other' }, NAMESPACES)).toMatchObject({ action: 'reset', changed: ['committee'] });
    expect(decideNetwork(full({ state: legacy }), { ...wanted, seed: '1', fingerprint: 'other' }, NAMESPACES)).toMatchObject({ action: 'reset', changed: ['seed'] });
  });
});
