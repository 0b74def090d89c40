/**
 * Linera on its real binaries (built from crates.io at the version devnet pins, test/linera/build.ts):
 * `devnet up` deploys a one-validator production-shaped devnet onto the test control plane while a
 * tiny kubelet (support/kubelet.ts) runs every pod the API server schedules with the real programs:
 * storage init, two shards, two proxies and the block exporter, each with the exact command, files
 * and environment the rendered objects give it, in a network namespace of its own under its cluster
 * DNS name. Keys and genesis come from the real `linera-server` and `linera` through the fake docker,
 * which executes what devnet sends. Two things differ from a cluster, and only those:
 *  - storage: ScyllaDB cannot run here, so the ScyllaDB client host answers with
 *    `linera-storage-server memory` on the same port, and `scylladb:tcp:` becomes `service:tcp:` in
 *    the commands (the table name, host and port stay);
 *  - kind's port mapping and the NodePort: a forwarder from the validator's host port to its proxies.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import type { Json } from '../support/objects.js';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { UPSTREAM_DIR } from '../support/upstream.js';
import { deleteOperatorWebhooks, startStandins, type Standins } from '../cluster/support/standins/index.js';
import { forward, type Forwarder } from './support/forward.js';
import { runPod, type RunningPod } from './support/kubelet.js';
import { podNetwork, type PodAddress, type PodNetwork } from './support/netns.js';

const run = promisify(execFile);
const runId = randomBytes(2).toString('hex');
const name = `rl-${runId}`;
const namespace = `${name}-val-0`;
const SEED = '7';

interface World {
  home: string;
  bin: FakeBin;
  env: Record<string, string>;
  standins: Standins;
  network: PodNetwork;
  storage: ChildProcess;
  forwarder: Forwarder;
  pods: Map<string, RunningPod>;
  addresses: Map<string, PodAddress>;
  hostPort: number;
  up: CliResult;
  ready: Json;
}

let world: World;
/** The two chains of the transfer, for the exporter's test. */
const transferred: string[] = [];

const lineraBin = () => inject('lineraBin');
const profileArgs = (hostPort: number) => [
  '-p', 'linera-production', '--set', `name=${name}`, '--validators', '1', '--seed', SEED,
  '--set', `linera.exposure.hostPortBase=${hostPort}`, '--set', 'cluster.reservedValidators=1',
];

/**
 * The client on the host, with the environment `up` printed. Asynchronous: the host port's
 * forwarder lives in this process and must keep moving bytes while the client waits.
 */
async function linera(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run(join(lineraBin(), 'linera'), args, { env: { PATH: process.env.PATH ?? '', HOME: world.home, ...env }, encoding: 'utf8', timeout: 300_000 });
  return stdout;
}

/** Starts every pod of the devnet as soon as the scheduler has placed it, until `until` settles (and once more then). */
async function kubelet(kube: Kube, w: Pick<World, 'network' | 'pods' | 'addresses' | 'home'>, until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  const options = { kube, binDir: lineraBin(), nodeAddress: w.network.gateway, workDir: join(w.home, 'pods'), rewrite: (text: string) => text.replaceAll('scylladb:tcp:', 'service:tcp:') };
  const pass = async () => {
    // Only the devnet's pods: the ScyllaDB pods the operator stand-in makes play no part here.
    const pods = (await kube.list<Json>('v1', 'Pod', { namespace, labelSelector: `app.kubernetes.io/instance=${name}` })).items;
    for (const pod of pods) {
      if (w.pods.has(pod.metadata.name) || pod.spec.nodeName === undefined) continue;
      const address = w.addresses.get(pod.metadata.name) ?? w.network.add(pod.metadata.name, []);
      w.addresses.set(pod.metadata.name, address);
      w.network.publishHosts(hostsExtra(w.network));
      w.pods.set(pod.metadata.name, await runPod(pod, address, options));
    }
  };
  while (!done) {
    await pass();
    await delay(300);
  }
  await pass();
}

const hostsExtra = (network: PodNetwork) => ({ [`scylla-client.${namespace}.svc.cluster.local`]: network.gateway });

describe('Linera on its real binaries', () => {
  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'devnet-real-linera-'));
    const bin = fakeBin(['kind', 'docker'], {
      FAKE_KIND_STATE: join(home, 'kind-clusters.json'),
      FAKE_KIND_KUBECONFIG: inject('kubeconfig'),
      FAKE_DOCKER_ROOT: lineraBin(),
      DEVNET_STATE_DIR: join(home, 'state'),
      DEVNET_CACHE_DIR: join(home, 'cache'),
    });
    const kubeconfig = inject('kubeconfig');
    await deleteOperatorWebhooks(kubeconfig);
    const standins = await startStandins({ kubeconfig });
    const network = podNetwork(runId);
    // Every StatefulSet pod's cluster DNS name, known from the profile before the pods exist.
    const addresses = new Map<string, PodAddress>();
    for (const [pod, service] of [['shards-0', 'shards'], ['shards-1', 'shards'], ['proxy-0', 'proxy-internal'], ['proxy-1', 'proxy-internal'], ['block-exporter-0', 'block-exporter']] as const) {
      const host = `${pod}.${service}.${namespace}.svc.cluster.local`;
      addresses.set(pod, network.add(pod, [host, `${pod}.${service}.${namespace}.svc`, `${pod}.${service}.${namespace}`]));
    }
    network.publishHosts(hostsExtra(network));
    const storage = spawn(join(lineraBin(), 'linera-storage-server'), ['memory', '--endpoint', `${network.gateway}:9042`], { stdio: 'ignore' });
    const hostPort = 41000 + Math.floor(Math.random() * 9000);
    const forwarder = await forward(hostPort, ['proxy-0', 'proxy-1'].map((p) => ({ host: addresses.get(p)?.address ?? '', port: 19100 })));
    const env = { ...bin.env };
    world = { home, bin, env, standins, network, storage, forwarder, pods: new Map(), addresses, hostPort, up: { code: -1, stdout: '', stderr: '' }, ready: {} };

    const kube = Kube.connect({ kubeconfig });
    const up = runCli(['up', ...profileArgs(hostPort), '--manifests-dir', UPSTREAM_DIR, '--skip-preflight', '--no-dashboard', '-o', 'json', '--timeout', '480'], { env });
    await Promise.all([up, kubelet(kube, world, up)]);
    world.up = await up;
    world.ready = world.up.stdout.trim().split('\n').map((line) => JSON.parse(line) as Json).find((e) => e.event === 'ready') ?? {};
  });

  afterAll(async () => {
    if (world === undefined) return;
    await Promise.all([...world.pods.values()].map((p) => p.stop()));
    world.storage.kill('SIGKILL');
    await world.forwarder.close();
    world.network.close();
    await runCli(['down', ...profileArgs(world.hostPort)], { env: world.env });
    await world.standins.stop();
    await deleteOperatorWebhooks(inject('kubeconfig'));
    world.bin.cleanup();
    rmSync(world.home, { recursive: true, force: true });
  });

  test('up deploys the validator, whose real proxies pass the gRPC health check on the host port', () => {
    expect(world.up.code, `${world.up.stderr}\n${podLogs()}`).toBe(0);
    expect(world.up.stderr).toContain(`Endpoints: 1 proxy serves gRPC health on 127.0.0.1:${world.hostPort}`);
    expect(world.up.stderr).toContain('Keys and genesis: generated with linera-server and linera (Docker)');
    expect([...world.pods.keys()].sort()).toEqual(expect.arrayContaining(['block-exporter-0', 'proxy-0', 'proxy-1', 'shards-0', 'shards-1']));
  });

  test('storage init ran the real `linera storage initialize` to completion', async () => {
    const init = [...world.pods.values()].find((p) => p.name.startsWith('storage-init'));
    expect(init, 'the storage-init Job pod ran').toBeDefined();
    expect(await init?.finished).toBe(0);
  });

  test('the wallet up hands over shows its chains, syncs, reads balances and transfers between two of them', async () => {
    expect(world.up.code).toBe(0);
    const env = world.ready.env as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(['KUBECONFIG', 'LINERA_KEYSTORE', 'LINERA_STORAGE', 'LINERA_WALLET']);
    const chains = (await linera(['wallet', 'show', '--short', '--owned'], env)).trim().split('\n').filter(Boolean);
    expect(chains).toHaveLength(3);
    const [from, to] = chains.slice(1);
    if (from === undefined || to === undefined) throw new Error('the wallet has fewer than two user chains');
    await linera(['sync', from], env);
    await linera(['sync', to], env);
    const balance = async (chain: string) => Number((await linera(['query-balance', chain], env)).trim());
    const before = { from: await balance(from), to: await balance(to) };
    expect(before).toEqual({ from: 1_000_000, to: 1_000_000 });
    await linera(['transfer', '12.5', '--from', from, '--to', to], env);
    await linera(['sync', to], env);
    await linera(['process-inbox', to], env);
    expect(await balance(from)).toBe(before.from - 12.5);
    expect(await balance(to)).toBe(before.to + 12.5);
    transferred.push(from, to);
  });

  test('the block exporter starts with the rendered config, answers /health, and writes the transfer\'s blocks to its log file', async () => {
    const address = world.addresses.get('block-exporter-0')?.address ?? '';
    // The pod may have been started as up finished: give its process a moment to bind.
    const status = await vi.waitFor(async () => (await fetch(`http://${address}:9091/health`)).status, { timeout: 60_000, interval: 500 });
    expect(status).toBe(200);
    // The profile's Logging destination: /data/blocks.log in the exporter's claim.
    const log = () => readFileSync(join(world.home, 'pods', 'block-exporter-0', 'volumes', 'exporter-data', 'blocks.log'), 'utf8');
    expect(transferred).toHaveLength(2);
    await vi.waitFor(() => {
      for (const chain of transferred) expect(log()).toContain(`Chain: ${chain}, Height: 0`);
    }, { timeout: 60_000, interval: 500 });
  });

  test('devnet check proves the network with the real client: every validator signs with its genesis key, and a transfer reaches it', async () => {
    const check = await runCli(['check', ...profileArgs(world.hostPort), '-o', 'json'], { env: world.env });
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    const events = check.stdout.trim().split('\n').map((line) => JSON.parse(line) as Json);
    const byId = Object.fromEntries(events.filter((e) => e.id !== undefined).map((e) => [e.id, e]));
    expect(byId['linera/validators']).toMatchObject({ status: 'passed' });
    expect(byId['linera/validators'].seen).toMatch(/^validator-0: grpc:localhost:\d+ signs with 03[0-9a-f]{8}…$/);
    expect(byId['linera/transfer']).toMatchObject({ status: 'passed' });
    expect(byId['linera/transfer'].seen).toMatch(/^validator-0: chain [0-9a-f]{10}… at height \d+ \(was \d+\)$/);
    // Every client call went through the client image, on the host's network, with the wallet mounted.
    const runs = world.bin.calls('docker').filter((c) => c.args.includes('host'));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const call of runs) expect(call.args).toEqual(expect.arrayContaining(['run', '--network', 'host', './linera', '--wallet']));
  });

  test('with the validator\'s proxies gone, devnet check fails, naming the validator and what the client saw', async () => {
    for (const proxy of ['proxy-0', 'proxy-1']) await world.pods.get(proxy)?.stop();
    const check = await runCli(['check', ...profileArgs(world.hostPort), '-o', 'json', '--set', 'checks.builtin.within=75s'], { env: world.env });
    expect(check.code).toBe(6);
    const validators = check.stdout.trim().split('\n').map((line) => JSON.parse(line) as Json).find((e) => e.id === 'linera/validators');
    expect(validators.status).toBe('failed');
    expect(validators.seen).toMatch(/^validator-0 grpc:localhost:\d+: .+/);
  });

  function podLogs(): string {
    return [...world.pods.values()].flatMap((p) => Object.entries(p.logs).map(([c, file]) => `--- ${p.name}/${c}: ${file}`)).join('\n');
  }
});
