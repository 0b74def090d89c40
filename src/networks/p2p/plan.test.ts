import { describe, expect, test } from 'vitest';
import { load, loadShipped, problems, shippedText } from '../../../test/support/profiles.js';
import { checkProfile } from '../registry.js';
import { parseSetFlag } from '../../config/overrides.js';
import { formatProblem } from '../../config/problem.js';
import { displayLine } from '../../render/shell.js';
import type { Topology } from '../topology.js';

const lines = (topology: Topology, component: string) =>
  topology.components
    .filter((c) => c.name === component)
    .flatMap((c) => c.replicas.map((r) => displayLine(r.command, (name) => `<${name}>`)));

const minimal = (network: 'substrate' | 'codex', body: string, validators = 1) =>
  `apiVersion: devnet/v1\nname: t\nnetwork: ${network}\nvalidators: ${validators}\n${network}:\n${body}`;

describe('substrate (zombienet\'s way, with kubevali\'s per-replica lines)', () => {
  const { topology } = loadShipped('substrate');

  test('every replica gets its own command line from the templates, by index, in clap\'s --flag value form', () => {
    expect(lines(topology, 'node')).toEqual([0, 1].map((i) => expect.stringContaining(`--chain rococo-local --name devnet-0${i} `)));
    expect(lines(topology, 'node')[1]).toContain('--public-addr /ip4/$DEVNET_NODE_IP/tcp/30334');
  });

  test('each node holds a different dev authority: --alice, then --bob', () => {
    expect(lines(topology, 'node').map((l) => l.split(' ').filter((w) => ['--alice', '--bob', '--charlie'].includes(w)))).toEqual([['--alice'], ['--bob']]);
  });

  test('RPC listens on every interface with safe methods only; secure-validator mode is off', () => {
    for (const line of lines(topology, 'node')) expect(line).toMatch(/--unsafe-rpc-external --rpc-methods safe .*--insecure-validator-i-know-what-i-do/);
    expect(topology.flows).toContain('RPC (with /health) is reachable on each node\'s RPC NodePort with safe methods only (rpc-methods: safe); /metrics stays inside the cluster');
  });

  test('unsafe RPC methods are an opt-in devnet warns about; --rpc-external without them is refused, as polkadot would', () => {
    const unsafe = checkProfile({ file: 'profiles/substrate.yaml', text: shippedText('substrate'), overrides: [parseSetFlag('substrate.args.rpc-methods=unsafe')] });
    expect(unsafe.ok && unsafe.warnings.map(formatProblem)).toEqual([expect.stringContaining('substrate.args.rpc-methods: is unsafe: each node\'s RPC NodePort (on 127.0.0.1) accepts author_insertKey')]);
    expect(unsafe.ok && unsafe.topology.flows.join('\n')).toContain('UNSAFE methods too');
    expect(problems(shippedText('substrate'), ['substrate.args.unsafe-rpc-external=null', 'substrate.args.rpc-external=true'])).toEqual([
      expect.stringMatching(/substrate\.args\.rpc-external: is set on a validator without rpc-methods: unsafe, and polkadot refuses to start so/),
    ]);
  });

  test('the bind port stays the same while the advertised NodePort is base + index', () => {
    for (const line of lines(topology, 'node')) expect(line).toContain('--port 30333 ');
    const nodePorts = topology.components.flatMap((c) => c.replicas.flatMap((r) => r.exposures.map((e) => `${e.portName}=${e.nodePort}`)));
    expect(nodePorts).toEqual(['p2p=30333', 'rpc=30944', 'p2p=30334', 'rpc=30945']);
  });

  test('each replica reads its own node key; the others boot from node 0 by its peer id', () => {
    const all = lines(topology, 'node');
    expect(all[1]).toContain('--node-key-file /keys/node-key-1');
    expect(all[0]).not.toContain('--bootnodes');
    expect(all[1]).toContain('--bootnodes /dns/node-0.node.substrate-val-0.svc.cluster.local/tcp/30333/p2p/<node-key-0.peer-id>');
  });

  test('ready means RPC answers /health; volumes belong to the image\'s group 1000', () => {
    expect(topology.components[0]).toMatchObject({ readiness: { kind: 'http', port: 'rpc', path: '/health' }, fsGroup: 1000 });
  });

  test('the log keyword polkadot prints when it authors a block is part of the topology', () => {
    expect(topology.components[0]?.health).toEqual({ keyword: 'Prepared block for proposing', withinSeconds: 120 });
  });

  test('more validator nodes than the dev chain has authorities is refused, naming the chain', () => {
    expect(problems(minimal('substrate', '  args: { chain: rococo-local }\n', 3))).toEqual([
      expect.stringMatching(/substrate\.args\.chain: is rococo-local: its genesis has 2 authorities \(Alice, Bob\), but this devnet runs 3 validator nodes: the others would never author a block[\s\S]*hint: set substrate\.args\.chain: auto \(devnet picks versi-local for 3 nodes\)/),
    ]);
    expect(() => load(minimal('substrate', '  args: { chain: versi-local }\n  replicas: 2\n', 2))).not.toThrow();
  });

  test('without dev accounts no dev flag is added and any number of nodes is allowed', () => {
    const { topology: plain } = load(minimal('substrate', '  devAccounts: false\n  replicas: 3\n  args: { chain: /specs/own.json }\n', 3));
    expect(lines(plain, 'node').filter((l) => /--(alice|bob|charlie)\b/.test(l))).toEqual([]);
  });
});

describe('codex (the Codex chart\'s way)', () => {
  const { topology } = loadShipped('codex');

  test('a bootstrap node in the shared namespace, storage nodes in the validator namespace', () => {
    expect(topology.components.map((c) => `${c.namespace}/${c.name}:${c.phase}`)).toEqual(['codex-shared/bootstrap:bootstrap', 'codex-val-0/codex:nodes']);
  });

  test('every option is one --flag=value word, the only form confutils reads; --metrics stays bare', () => {
    const words = lines(topology, 'codex')[0]?.split(' ') ?? [];
    expect(words[0]).toBe('codex');
    for (const word of words.slice(1)) expect(word).toMatch(/^--[a-z-]+(=\S+)?$/);
    expect(words).toContain('--metrics');
    expect(words).toContain('--data-dir=/data');
  });

  test('each node listens on, and advertises, its own NodePorts: base + offset × index, TCP and UDP', () => {
    const nodes = topology.components.find((c) => c.name === 'codex');
    expect(nodes?.replicas.map((r) => r.exposures.map((e) => `${e.portName}/${e.protocol}=${e.nodePort}`))).toEqual([
      ['transport/TCP=30501', 'discovery/UDP=30601', 'api/TCP=30701'],
      ['transport/TCP=30502', 'discovery/UDP=30602', 'api/TCP=30702'],
      ['transport/TCP=30503', 'discovery/UDP=30603', 'api/TCP=30703'],
    ]);
    expect(lines(topology, 'codex')[1]).toContain('--listen-addrs=/ip4/0.0.0.0/tcp/30502 --disc-port=30602 --nat=extip:$DEVNET_NODE_IP');
  });

  test('no marketplace flag on a plain node: the key is the node\'s network key', () => {
    const all = lines(topology, 'codex');
    expect(all[1]).toContain('--net-privkey=/keys/net-key-2');
    for (const line of all) expect(line).not.toMatch(/--eth-|persistence/);
  });

  test('persistence is a subcommand before its flags, and each node gets its own Ethereum key', () => {
    const { topology: market } = loadShipped('codex', ['codex.persistence.ethProvider=http://geth:8545', 'codex.persistence.marketplaceAddress="0x1234567890123456789012345678901234567890"']);
    const line = lines(market, 'codex')[2] ?? '';
    expect(line).toMatch(/^codex persistence --data-dir=/);
    expect(line).toContain('--eth-provider=http://geth:8545 --marketplace-address=0x1234567890123456789012345678901234567890 --eth-private-key=/keys/eth-key-3');
    expect(market.material.kind === 'replica-keys' && market.material.keys.filter((k) => k.name.startsWith('eth-key'))).toEqual(
      [0, 1, 2, 3].map((i) => ({ name: `eth-key-${i}`, type: 'secp256k1', format: 'hex' })),
    );
  });

  test('the bootstrap address reaches every validator namespace through a ConfigMap that is only written once known', () => {
    const config = topology.data.filter((d) => d.name === 'bootstrap');
    expect(config.map((d) => `${d.kind} ${d.namespace} until ${d.untilDiscovered ?? ''}`)).toEqual(['ConfigMap codex-val-0 until bootstrap.address']);
    const env = topology.components.find((c) => c.name === 'codex')?.env.find((e) => e.name === 'DEVNET_BOOTSTRAP_ADDRESS');
    expect(env?.from).toEqual({ configMap: 'bootstrap', key: 'address' });
    expect(lines(topology, 'codex')[0]).toContain('--bootstrap-node=$DEVNET_BOOTSTRAP_ADDRESS');
    expect(lines(topology, 'bootstrap')[0]).not.toContain('--bootstrap-node');
  });

  test('without a bootstrap node the nodes could never find each other: refused, unless the profile names a bootstrap node of its own', () => {
    expect(problems(minimal('codex', '  bootstrap: { enabled: false }\n'))).toEqual([
      expect.stringMatching(/codex\.bootstrap\.enabled: is false, and nothing else gives the 3 nodes a bootstrap node[\s\S]*hint: set codex\.bootstrap\.enabled: true, or give codex\.args\.bootstrap-node the SPR/),
    ]);
    const own = load(minimal('codex', '  bootstrap: { enabled: false }\n', 2), ['codex.args.bootstrap-node=spr:CiUIAhIhAjOwnBootstrapNode']).topology;
    expect(lines(own, 'codex')[0]).toContain('--bootstrap-node=spr:CiUIAhIhAjOwnBootstrapNode');
    expect(() => load(minimal('codex', '  replicas: 1\n  bootstrap: { enabled: false }\n'))).not.toThrow();
  });

  test('ready means the API answers /api/codex/v1/debug/info, as in the chart', () => {
    expect(topology.components.map((c) => c.readiness)).toEqual([0, 1].map(() => ({ kind: 'http', port: 'api', path: '/api/codex/v1/debug/info' })));
  });

  test('a port that binds its NodePort takes no fixed port, and a fixed port needs one', () => {
    expect(problems(minimal('codex', '  ports:\n    transport: { port: 8070, nodePort: { base: 30500, bind: true } }\n'))).toEqual([
      expect.stringContaining('codex.ports.transport.port: must be left out when nodePort.bind is true'),
    ]);
    expect(problems(minimal('codex', '  ports:\n    extra: { protocol: TCP }\n'))).toEqual([expect.stringContaining('codex.ports.extra.port: is required unless nodePort.bind is true')]);
  });

  test('readiness must name a TCP port with a fixed number', () => {
    expect(problems(minimal('codex', '  readiness: { port: discovery }\n'))).toEqual([expect.stringContaining('codex.readiness.port: is "discovery", not a TCP port with a fixed number')]);
  });
});

describe('templates', () => {
  test('zero padding, arithmetic and per-validator indices', () => {
    const text = minimal('substrate', '  replicas: 3\n  devAccounts: false\n  command: [n]\n  keys: null\n  args:\n    id: "{{ index | pad: 3 }}-{{ validator }}-{{ ordinal }}"\n    rpc: "{{ 9944 | plus: index }}"\n', 2);
    const { topology } = load(text);
    expect(lines(topology, 'node')).toEqual(['n --id 000-0-0 --rpc 9944', 'n --id 001-0-1 --rpc 9945', 'n --id 002-0-2 --rpc 9946', 'n --id 003-1-0 --rpc 9947', 'n --id 004-1-1 --rpc 9948', 'n --id 005-1-2 --rpc 9949']);
  });

  test('a template that renders empty drops its flag; lists repeat it; codex joins each value to its flag', () => {
    const args = '  args:\n    extra: "{% if index == 1 %}yes{% endif %}"\n    peer: ["a", "b"]\n';
    expect(lines(load(minimal('substrate', `  replicas: 2\n  devAccounts: false\n  command: [n]\n  keys: null\n${args}`)).topology, 'node')).toEqual(['n --peer a --peer b', 'n --extra yes --peer a --peer b']);
    const codex = load(minimal('codex', `  replicas: 1\n  command: [c]\n  keys: null\n  bootstrap: { enabled: false }\n${args}`)).topology;
    expect(lines(codex, 'codex')).toEqual(['c --peer=a --peer=b']);
  });

  test('env values are templates too: equal ones go to the pod spec, per-replica ones to each replica', () => {
    const { topology } = load(minimal('codex', '  replicas: 2\n  env:\n    CODEX_LOG_LEVEL: trace\n    CODEX_AGENT_STRING: "node-{{ index }}"\n'));
    const nodes = topology.components.find((c) => c.name === 'codex');
    expect(nodes?.env).toContainEqual({ name: 'CODEX_LOG_LEVEL', from: { value: 'trace' } });
    expect(nodes?.env.map((e) => e.name)).not.toContain('CODEX_AGENT_STRING');
    expect(nodes?.replicas.map((r) => r.env)).toEqual([[{ name: 'CODEX_AGENT_STRING', value: [{ text: 'node-1' }] }], [{ name: 'CODEX_AGENT_STRING', value: [{ text: 'node-2' }] }]]);
  });
});
