/**
 * Which dev chain a substrate devnet runs: one whose authorities its nodes are, so that every node
 * authors and GRANDPA can finalise (facts and sources in ./chains.ts). A chain that cannot work is
 * refused before anything is deployed; `chain: auto` picks the one that works and says why.
 */
import { describe, expect, test } from 'vitest';
import { loadShipped, problems, shippedText } from '../../../test/support/profiles.js';
import { displayLine } from '../../render/shell.js';
import type { ComponentPlan, Topology } from '../topology.js';

const chainOf = (component: ComponentPlan | undefined) => {
  const line = displayLine(component?.replicas[0]?.command ?? [], (name) => `<${name}>`);
  return /--chain (\S+)/.exec(line)?.[1];
};
const chainsOf = (topology: Topology) => topology.components.map(chainOf);
const refusal = (sets: string[]) => problems(shippedText('substrate'), sets, 'profiles/substrate.yaml').join('\n');

describe('chain: auto (the shipped profile) picks the dev chain the node count can run', () => {
  test.each([
    [1, 'rococo-dev', 'one authority (Alice); every node is one of them, and GRANDPA finalises with 1 of 1'],
    [2, 'rococo-local', '2 authorities (Alice, Bob); every node is one of them, and GRANDPA finalises with 2 of 2'],
    [3, 'versi-local', '4 authorities (Alice, Bob, Charlie, Dave); 3 of them run, and GRANDPA finalises with 3 of 4'],
    [4, 'versi-local', '4 authorities (Alice, Bob, Charlie, Dave); every node is one of them, and GRANDPA finalises with 3 of 4'],
  ])('%i validators: %s, with the reason', (validators, chain, reason) => {
    const { topology } = loadShipped('substrate', [`validators=${validators}`]);
    expect(chainsOf(topology)).toEqual(Array(validators).fill(chain));
    expect(topology.notes).toEqual([expect.stringContaining(`substrate.args.chain is auto: ${chain} for ${validators} validator node`)]);
    expect(topology.notes?.[0]).toContain(reason);
  });

  test('counts nodes, not validators: 2 validators of 2 replicas run versi-local', () => {
    expect(chainsOf(loadShipped('substrate', ['substrate.replicas=2']).topology)).toEqual(['versi-local', 'versi-local']);
  });

  test('more nodes than any dev chain has authorities is refused, saying what to do', () => {
    expect(refusal(['validators=5'])).toMatch(/substrate\.args\.chain: is auto, but no built-in dev chain of polkadot has authorities for 5 validator nodes[\s\S]*hint: run at most 4 nodes/);
  });

  test('auto without dev accounts is refused: the nodes would not be the chain\'s authorities', () => {
    expect(refusal(['substrate.devAccounts=false'])).toMatch(/substrate\.args\.chain: is auto, which picks a dev chain whose authorities are the dev accounts/);
  });
});

describe('a chain named outright must work with the node count', () => {
  test.each([
    ['rococo-local', 1, 'its genesis has 2 authorities (Alice, Bob), and a lone node of a chain with more than one authority skips every slot waiting for peers: no block is ever authored', 'rococo-dev'],
    ['westend-local', 1, 'its genesis has 2 authorities (Alice, Bob), and a lone node of a chain with more than one authority skips every slot waiting for peers', 'rococo-dev'],
    ['versi-local', 2, 'its genesis has 4 authorities (Alice, Bob, Charlie, Dave), and GRANDPA finalises only with 3 of them voting, but this devnet runs 2: blocks are authored but never finalised', 'rococo-local'],
    ['westend-local', 3, 'its genesis has 2 authorities (Alice, Bob), but this devnet runs 3 validator nodes: the others would never author a block', 'versi-local'],
    ['westend-dev', 2, 'its genesis has one authority, but this devnet runs 2 validator nodes', 'rococo-local'],
    ['versi-dev', 2, 'its genesis has one authority, but this devnet runs 2 validator nodes', 'rococo-local'],
    ['dev', 2, 'its genesis has one authority, but this devnet runs 2 validator nodes', 'rococo-local'],
  ])('%s with %i node(s) is refused', (chain, validators, why, auto) => {
    const text = refusal([`substrate.args.chain=${chain}`, `validators=${validators}`]);
    expect(text).toContain(`substrate.args.chain: is ${chain}: ${why}`);
    expect(text).toContain(`hint: set substrate.args.chain: auto (devnet picks ${auto} for ${validators} node`);
  });

  test.each([
    ['versi-local', 3],
    ['westend-local', 2],
    ['westend-dev', 1],
    ['versi-dev', 1],
  ])('%s with %i node(s) runs, and devnet says nothing of its choice', (chain, validators) => {
    const { topology } = loadShipped('substrate', [`substrate.args.chain=${chain}`, `validators=${validators}`]);
    expect(new Set(chainsOf(topology))).toEqual(new Set([chain]));
    expect(topology.notes).toBeUndefined();
  });

  test('a chain spec file of the user\'s own is not second-guessed', () => {
    expect(new Set(chainsOf(loadShipped('substrate', ['substrate.args.chain=/specs/mine.json', 'validators=6']).topology))).toEqual(new Set(['/specs/mine.json']));
  });
});
