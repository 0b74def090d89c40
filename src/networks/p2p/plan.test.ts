import { describe, expect, test } from 'vitest';
import { load, loadShipped } from '../../../test/support/profiles.js';
import { displayLine } from '../../render/shell.js';
import type { Topology } from '../topology.js';

const lines = (topology: Topology, component: string) =>
  topology.components
    .filter((c) => c.name === component)
    .flatMap((c) => c.replicas.map((r) => displayLine(r.command, (name) => `<${name}>`)));

describe('substrate (the kubevali case)', () => {
  const { topology } = loadShipped('substrate');

  test('every replica gets its own command line from the templates, by index', () => {
    expect(lines(topology, 'node')).toEqual([0, 1, 2, 3].map((i) => expect.stringContaining(`--name devnet-0${i} `)));
    expect(lines(topology, 'node')[2]).toContain('--public-addr /ip4/$DEVNET_NODE_IP/tcp/30335');
  });

  test('the bind port stays the same while the advertised NodePort is base + index', () => {
    for (const line of lines(topology, 'node')) expect(line).toContain('--port 30333 ');
    const nodePorts = topology.components.flatMap((c) => c.replicas.flatMap((r) => r.exposures.map((e) => e.nodePort)));
    expect(nodePorts).toEqual([30333, 30334, 30335, 30336]);
  });

  test('flags without a value are present for all replicas', () => {
    for (const line of lines(topology, 'node')) expect(line).toMatch(/--validator .*--prometheus-external/);
  });

  test('each replica reads its own node key; the others boot from node 0 by its peer id', () => {
    const all = lines(topology, 'node');
    expect(all[3]).toContain('--node-key-file /keys/node-key-3');
    expect(all[0]).not.toContain('--bootnodes');
    expect(all[1]).toContain('--bootnodes /dns/node-0.node.substrate-val-0.svc.cluster.local/tcp/30333/p2p/<node-key-0.peer-id>');
  });

  test('the log keyword and its threshold are part of the topology', () => {
    expect(topology.components[0]?.health).toEqual({ keyword: 'Prepared block', withinSeconds: 120 });
  });
});

describe('codex (the Codex chart case)', () => {
  const { topology } = loadShipped('codex');

  test('a bootstrap node in the shared namespace, storage nodes in the validator namespace', () => {
    expect(topology.components.map((c) => `${c.namespace}/${c.name}:${c.phase}`)).toEqual(['codex-shared/bootstrap:bootstrap', 'codex-val-0/codex:nodes']);
  });

  test('unique P2P NodePorts per replica: base + offset × index, TCP and UDP', () => {
    const nodes = topology.components.find((c) => c.name === 'codex');
    expect(nodes?.replicas.map((r) => r.exposures.map((e) => `${e.portName}/${e.protocol}=${e.nodePort}`))).toEqual([
      ['transport/TCP=30510', 'discovery/UDP=30610'],
      ['transport/TCP=30520', 'discovery/UDP=30620'],
      ['transport/TCP=30530', 'discovery/UDP=30630'],
    ]);
  });

  test('each node selects its own key by index, and gets the bootstrap address at run time', () => {
    const all = lines(topology, 'codex');
    expect(all[1]).toContain('--eth-private-key /keys/eth-key-2');
    expect(all[1]).toContain('--bootstrap-node $DEVNET_BOOTSTRAP_ADDRESS');
    expect(lines(topology, 'bootstrap')[0]).not.toContain('--bootstrap-node');
  });

  test('the bootstrap address reaches every validator namespace through a ConfigMap', () => {
    expect(topology.data.filter((d) => d.name === 'bootstrap').map((d) => `${d.kind} ${d.namespace}`)).toEqual(['ConfigMap codex-val-0']);
    const env = topology.components.find((c) => c.name === 'codex')?.env.find((e) => e.name === 'DEVNET_BOOTSTRAP_ADDRESS');
    expect(env?.from).toEqual({ configMap: 'bootstrap', key: 'address', optional: true });
  });
});

describe('templates', () => {
  test('zero padding, arithmetic and per-validator indices', () => {
    const text = 'apiVersion: devnet/v1\nname: t\nnetwork: substrate\nvalidators: 2\nsubstrate:\n  replicas: 3\n  command: [n]\n  keys: null\n  args:\n    id: "{{ index | pad: 3 }}-{{ validator }}-{{ ordinal }}"\n    rpc: "{{ 9944 | plus: index }}"\n';
    const { topology } = load(text);
    expect(lines(topology, 'node')).toEqual(['n --id 000-0-0 --rpc 9944', 'n --id 001-0-1 --rpc 9945', 'n --id 002-0-2 --rpc 9946', 'n --id 003-1-0 --rpc 9947', 'n --id 004-1-1 --rpc 9948', 'n --id 005-1-2 --rpc 9949']);
  });

  test('a template that renders empty drops its flag; lists repeat it', () => {
    const text = 'apiVersion: devnet/v1\nname: t\nnetwork: substrate\nvalidators: 1\nsubstrate:\n  replicas: 2\n  command: [n]\n  keys: null\n  args:\n    extra: "{% if index == 1 %}yes{% endif %}"\n    peer: ["a", "b"]\n';
    expect(lines(load(text).topology, 'node')).toEqual(['n --peer a --peer b', 'n --extra yes --peer a --peer b']);
  });
});
