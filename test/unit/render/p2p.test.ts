/**
 * Substrate and Codex objects as the API server and the pods would see them. Start scripts and the
 * key-copy init container run with the real /bin/sh (test/support/pod-shell.ts).
 */
import { statSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { generateKeys } from '../../../src/networks/builtin-keys.js';
import { withEntries, type Material } from '../../../src/networks/material.js';
import type { Topology } from '../../../src/networks/topology.js';
import { renderObjects } from '../../../src/render/index.js';
import { findObject as find, type Json } from '../../support/objects.js';
import { podRoot, runInit, runStartScript, startScriptAsync, writeSecretVolume } from '../../support/pod-shell.js';
import { loadShipped } from '../../support/profiles.js';

function p2pMaterial(topology: Topology, discovered: Record<string, string> = {}): Material {
  if (topology.material.kind !== 'replica-keys') throw new Error('not p2p');
  return withEntries(generateKeys(topology.material.keys, 'test-seed'), { ...Object.fromEntries(topology.material.discovered.map((n) => [n, ''])), ...discovered });
}

const NODE_IP = '172.18.0.2';
const podSpec = (sts: Json) => sts.spec.template.spec;

/** What the key-copy init container of a replica finds in the Secret's volume, and what its node container then finds. */
function keysOf(objects: Json[], namespace: string, component: string, ordinal: number) {
  const spec = podSpec(find(objects, 'StatefulSet', namespace, component));
  const init = spec.initContainers.find((c: Json) => c.name === 'keys');
  const source = init.volumeMounts.find((m: Json) => m.name === 'key-source');
  const target = spec.containers[0].volumeMounts.find((m: Json) => m.name === 'keys');
  const pod = podRoot();
  // The downward API's values for this replica: its ordinal (pod-index label) and its name.
  const env = { DEVNET_ORDINAL: String(ordinal), DEVNET_POD_NAME: `${component}-${ordinal}` };
  writeSecretVolume(pod, source, find(objects, 'Secret', namespace, `${component}-keys`), spec.volumes.find((v: Json) => v.name === 'key-source'), env);
  const visible = readdirSync(pod.at(source.mountPath)).sort();
  runInit(pod, init, env);
  const dir = pod.at(target.mountPath);
  return { visible, copied: readdirSync(dir).map((file) => ({ file, mode: statSync(join(dir, file)).mode & 0o777, bytes: readFileSync(join(dir, file)) })) };
}

/** The key files a replica's node container finds, after the init container ran against the Secret. */
const keysSeenBy = (objects: Json[], namespace: string, component: string, ordinal: number) => keysOf(objects, namespace, component, ordinal).copied;

describe('substrate objects', () => {
  const { topology } = loadShipped('substrate');
  const material = p2pMaterial(topology);
  const objects = renderObjects(topology, material, { showSecrets: true }) as Json[];

  test('one NodePort Service per replica, selecting that pod alone: P2P and RPC', () => {
    expect(find(objects, 'Service', 'substrate-val-1', 'node-0-nodeport').spec).toMatchObject({
      type: 'NodePort',
      selector: { 'statefulset.kubernetes.io/pod-name': 'node-0' },
      ports: [
        { name: 'p2p', port: 30333, targetPort: 30333, nodePort: 30334, protocol: 'TCP' },
        { name: 'rpc', port: 9944, targetPort: 9944, nodePort: 30945, protocol: 'TCP' },
      ],
    });
  });

  test('polkadot starts with its own flags and dev account, and advertises node address:NodePort', () => {
    const script = find(objects, 'ConfigMap', 'substrate-val-1', 'node-commands').data['replica-0.sh'];
    const started = runStartScript(script, 'polkadot', { DEVNET_NODE_IP: NODE_IP });
    expect(started.argv).toEqual(expect.arrayContaining(['--chain', 'rococo-local', '--public-addr', `/ip4/${NODE_IP}/tcp/30334`, '--bob', '--unsafe-rpc-external', '--rpc-methods', 'safe']));
    expect(started.argv[started.argv.indexOf('--bootnodes') + 1]).toMatch(/^\/dns\/node-0\.node\.substrate-val-0\.svc\.cluster\.local\/tcp\/30333\/p2p\/12D3KooW\w+$/);
  });

  test('the image\'s user (uid 1000) can read its node key: pod fsGroup 1000, key copied with mode 0600', () => {
    const spec = podSpec(find(objects, 'StatefulSet', 'substrate-val-0', 'node'));
    expect(spec.securityContext).toMatchObject({ fsGroup: 1000 });
    const [key] = keysSeenBy(objects, 'substrate-val-0', 'node', 0);
    expect(key).toMatchObject({ file: 'node-key-0', mode: 0o600 });
    expect(key?.bytes.toString()).toBe(material.entries.get('node-key-0')?.text);
  });

  test('ready when RPC answers GET /health', () => {
    expect(podSpec(find(objects, 'StatefulSet', 'substrate-val-0', 'node')).containers[0].readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 'rpc' } });
  });
});

describe('codex objects', () => {
  const { topology } = loadShipped('codex', ['codex.replicas=3']);
  const spr = 'spr:CiUIAhIhAjFakeBootstrapRecord';
  const material = p2pMaterial(topology, { 'bootstrap.address': spr });
  const objects = renderObjects(topology, material, { showSecrets: true }) as Json[];

  test('every node advertises exactly where it is served: node address and its NodePorts, which the process binds', () => {
    const script = find(objects, 'ConfigMap', 'codex-val-0', 'codex-commands').data;
    for (const ordinal of [0, 1, 2]) {
      const started = runStartScript(script[`replica-${ordinal}.sh`], 'codex', { DEVNET_NODE_IP: NODE_IP, DEVNET_BOOTSTRAP_ADDRESS: spr });
      const option = (name: string) => started.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
      const service = find(objects, 'Service', 'codex-val-0', `codex-${ordinal}-nodeport`).spec.ports as Json[];
      const served = (name: string) => service.find((p) => p.name === name);
      const transport = Number(/\/tcp\/(\d+)$/.exec(option('listen-addrs') ?? '')?.[1]);
      expect(option('nat')).toBe(`extip:${NODE_IP}`);
      expect(served('transport')).toMatchObject({ protocol: 'TCP', nodePort: transport, targetPort: transport });
      expect(served('discovery')).toMatchObject({ protocol: 'UDP', nodePort: Number(option('disc-port')), targetPort: Number(option('disc-port')) });
      expect(option('bootstrap-node')).toBe(spr);
    }
    const env = podSpec(find(objects, 'StatefulSet', 'codex-val-0', 'codex')).containers[0].env;
    expect(env).toContainEqual({ name: 'DEVNET_NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
  });

  test('a pod cannot list a per-replica port in its one template: only fixed ports are container and headless ports', () => {
    const spec = podSpec(find(objects, 'StatefulSet', 'codex-val-0', 'codex'));
    expect(spec.containers[0].ports.map((p: Json) => p.name)).toEqual(['api', 'metrics']);
    expect(find(objects, 'Service', 'codex-val-0', 'codex').spec.ports.map((p: Json) => p.name)).toEqual(['api', 'metrics']);
  });

  test('the key-copy init container of each replica sees that replica\'s keys alone, not its neighbours\'', () => {
    const { topology: market } = loadShipped('codex', ['codex.persistence.ethProvider=http://geth:8545']);
    const rendered = renderObjects(market, p2pMaterial(market, { 'bootstrap.address': spr }), { showSecrets: true }) as Json[];
    for (const ordinal of [0, 1, 2]) {
      const index = ordinal + 1;
      expect(keysOf(rendered, 'codex-val-0', 'codex', ordinal).visible).toEqual([`eth-key-${index}`, `net-key-${index}`]);
    }
    const init = podSpec(find(rendered, 'StatefulSet', 'codex-val-0', 'codex')).initContainers[0];
    expect(init.env).toContainEqual({ name: 'DEVNET_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('each pod sees only its own network key, 0600, in the libp2p protobuf form Codex reads', () => {
    const spec = podSpec(find(objects, 'StatefulSet', 'codex-val-0', 'codex'));
    expect(spec.containers[0].volumeMounts.map((m: Json) => m.name)).not.toContain('key-source');
    expect(spec.volumes).toContainEqual({ name: 'keys', emptyDir: { medium: 'Memory' } });
    const seen = keysSeenBy(objects, 'codex-val-0', 'codex', 1);
    expect(seen.map((k) => `${k.file} ${k.mode.toString(8)}`)).toEqual(['net-key-2 600']);
    expect(seen[0]?.bytes.subarray(0, 4).toString('hex')).toBe('08021220');
    expect(seen[0]?.bytes).toHaveLength(36);
  });

  test('up writes the bootstrap address ConfigMap once the address is known; devnet render gives it empty, so its output applies on its own', () => {
    expect(find(objects, 'ConfigMap', 'codex-val-0', 'bootstrap').data).toEqual({ address: spr });
    const before = renderObjects(topology, p2pMaterial(topology), { showSecrets: false });
    expect(before.filter((o) => o.metadata.name === 'bootstrap' && o.kind === 'ConfigMap')).toEqual([]);
    const standalone = renderObjects(topology, p2pMaterial(topology), { showSecrets: false, undiscovered: true }) as Json[];
    expect(find(standalone, 'ConfigMap', 'codex-val-0', 'bootstrap').data).toEqual({ address: '' });
  });

  test('a node whose ConfigMap has no address yet asks the bootstrap node\'s API until it gives its SPR, then starts with it', async () => {
    // Codex answers /api/codex/v1/spr with 503 until its DHT record exists, then the SPR as
    // text/plain when asked for it (nim-codex v0.2.5 codex/rest/api.nim:836-850).
    let asked = 0;
    const server = createServer((request, response) => {
      asked += 1;
      if (asked < 3) return void response.writeHead(503, { 'content-type': 'application/json' }).end('');
      const text = request.headers.accept === 'text/plain';
      response.writeHead(200, { 'content-type': text ? 'text/plain' : 'application/json' }).end(text ? spr : JSON.stringify({ spr }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void server.close());
    const spec = podSpec(find(objects, 'StatefulSet', 'codex-val-0', 'codex'));
    const api = spec.containers[0].env.find((e: Json) => e.name === 'DEVNET_BOOTSTRAP_API').value as string;
    expect(api).toBe('http://bootstrap-0.bootstrap.codex-shared.svc.cluster.local:8080/api/codex/v1/spr');
    const script = find(objects, 'ConfigMap', 'codex-val-0', 'codex-commands').data['replica-0.sh'];
    const { port } = server.address() as AddressInfo;
    const started = await startScriptAsync(script.replace('sleep 2', 'sleep 0.1'), 'codex', { DEVNET_NODE_IP: NODE_IP, DEVNET_BOOTSTRAP_ADDRESS: '', DEVNET_BOOTSTRAP_API: `http://127.0.0.1:${port}/api/codex/v1/spr` });
    expect(started.argv).toContain(`--bootstrap-node=${spr}`);
    expect(asked).toBe(3);
  });

  test('profile env reaches the container: equal values in its env, per-replica values exported by its script', () => {
    const { topology: withEnv } = loadShipped('codex', ['codex.env.CODEX_BLOCK_TTL=1d', 'codex.env.CODEX_AGENT_STRING="node-{{ index }}"']);
    const rendered = renderObjects(withEnv, p2pMaterial(withEnv, { 'bootstrap.address': spr }), { showSecrets: false }) as Json[];
    expect(podSpec(find(rendered, 'StatefulSet', 'codex-val-0', 'codex')).containers[0].env).toContainEqual({ name: 'CODEX_BLOCK_TTL', value: '1d' });
    const script = find(rendered, 'ConfigMap', 'codex-val-0', 'codex-commands').data['replica-2.sh'];
    expect(runStartScript(script, 'codex', { DEVNET_NODE_IP: NODE_IP, DEVNET_BOOTSTRAP_ADDRESS: spr }).env.CODEX_AGENT_STRING).toBe('node-3');
  });

  test('secret material appears in Secret data and nowhere else', () => {
    const outside = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
    for (const [, entry] of [...material.entries].filter(([, e]) => e.secret)) {
      expect(outside).not.toContain(entry.text);
      expect(outside).not.toContain(Buffer.from(entry.text, entry.encoding === 'base64' ? 'base64' : 'utf8').toString('hex'));
    }
  });
});
