/**
 * The built-in substrate checks, measured against nodes that answer JSON-RPC as polkadot does
 * (test/cluster/support/nodes.ts). Rounds are driven one by one here, as `devnet check` drives them
 * until they pass or their time is up.
 */
import { describe, expect, test } from 'vitest';
import type { PodTarget, Probes } from '../../contracts/probes.js';
import { Chain, substrateRpc } from '../../../test/cluster/support/nodes.js';
import { loadShipped } from '../../../test/support/profiles.js';
import type { SubstrateProfile } from './profile-schema.js';
import { substrateChecks } from './checks.js';

/** Every node answers from its own chain view and its own peer count. */
function probes(nodes: Record<string, { chain: Chain; peers: number }>): Probes {
  return {
    async http(target: PodTarget, _port, request) {
      const node = nodes[`${target.namespace}/${target.pod}`];
      if (node === undefined) throw new Error(`connect ECONNREFUSED ${target.pod}`);
      const answer = await substrateRpc(node.chain, { peers: () => node.peers })({ method: request.method, path: request.path, body: Buffer.from(request.body ?? ''), headers: {} });
      const body = Buffer.from(answer.body ?? '');
      return { status: answer.status ?? 200, body, text: () => body.toString('utf8') };
    },
    randomBytes: (size) => new Uint8Array(size),
  };
}

function checksOf(sets: string[]) {
  const { profile, topology } = loadShipped('substrate', sets);
  const checks = substrateChecks.checks(profile as SubstrateProfile, topology, { devnet: (command) => `devnet ${command}` });
  const pods = topology.components.flatMap((c) => c.replicas.map((r) => `${c.namespace}/${r.pod}`));
  return { blocks: checks[0], peers: checks[1], pods };
}

const signal = new AbortController().signal;

describe('blocks are authored and finalised', () => {
  test('pass once both the best and the finalized block have moved on since the first look', async () => {
    const { blocks, pods } = checksOf([]);
    const chain = new Chain(5, 3, 'live');
    const nodes = Object.fromEntries(pods.map((p) => [p, { chain, peers: 1 }]));
    const first = await blocks?.measure(probes(nodes), signal);
    expect(first?.ok).toBe(false);
    const second = await blocks?.measure(probes(nodes), signal);
    expect(second?.ok, second?.seen).toBe(true);
  });

  test('fail on a chain whose finality stalled, although its finalized block is past the threshold', async () => {
    const { blocks, pods } = checksOf([]);
    const chain = new Chain(40, 12, 'finality-stalled');
    const nodes = Object.fromEntries(pods.map((p) => [p, { chain, peers: 1 }]));
    let verdict;
    for (let round = 0; round < 5; round++) verdict = await blocks?.measure(probes(nodes), signal);
    expect(verdict?.ok).toBe(false);
    expect(verdict?.seen).toMatch(/validator-0\/node-0: best #\d+, finalized #12 \(no block finalised since #12\)/);
  });

  test('fail on a chain that stopped altogether', async () => {
    const { blocks, pods } = checksOf([]);
    const chain = new Chain(40, 12, 'still');
    const nodes = Object.fromEntries(pods.map((p) => [p, { chain, peers: 1 }]));
    await blocks?.measure(probes(nodes), signal);
    const verdict = await blocks?.measure(probes(nodes), signal);
    expect(verdict?.seen).toContain('best #40, finalized #12 (no new block since #40, no block finalised since #12)');
  });
});

describe('nodes are connected', () => {
  test('every node must see all the other nodes, replicas included: 2 validators × 2 replicas need 3 peers each', async () => {
    const { peers, pods } = checksOf(['substrate.replicas=2']);
    expect(peers?.expected).toBe('every node has at least 3 peers (4 nodes)');
    const chain = new Chain(5, 3);
    const oneShort = Object.fromEntries(pods.map((p, i) => [p, { chain, peers: i === 3 ? 2 : 3 }]));
    const verdict = await peers?.measure(probes(oneShort), signal);
    expect(verdict?.ok).toBe(false);
    expect(verdict?.seen).toBe('validator-1/node-1: 2 peers');
    const all = Object.fromEntries(pods.map((p) => [p, { chain, peers: 3 }]));
    expect((await peers?.measure(probes(all), signal))?.ok).toBe(true);
  });
});
