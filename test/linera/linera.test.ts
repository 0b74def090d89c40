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
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import type { Json } from '../support/objects.js';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { UPSTREAM_DIR } from '../support/upstream.js';
import { deleteOperatorWebhooks, startStandins, type Standins } from '../cluster/support/standins/index.js';
import { forward, type Forwarder } from './support/forward.js';
import { runPod, type RunningPod } from './support/kubelet.js';
import { podNetwork, type PodAddress, type PodNetwork } from './support/netns.js';

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

const lineraBin = () => inject('lineraBin');
const profileArgs = (hostPort: number) => [
  '-p', 'linera-production', '--set', `name=${name}`, '--validators', '1', '--seed', SEED,
  '--set', `linera.exposure.hostPortBase=${hostPort}`, '--set', 'cluster.reservedValidators=1',
];

/** The client on the host, with the environment `up` printed. */
function linera(args: string[], env: Record<string, string>): string {
  return execFileSync(join(lineraBin(), 'linera'), args, { env: { PATH: process.env.PATH ?? '', HOME: world.home, ...env }, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts every pod of the devnet as soon as the scheduler has placed it, until `until` settles. */
async function kubelet(kube: Kube, w: Pick<World, 'network' | 'pods' | 'addresses' | 'home'>, until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  const options = { kube, binDir: lineraBin(), nodeAddress: w.network.gateway, workDir: join(w.home, 'pods'), rewrite: (text: string) => text.replaceAll('scylladb:tcp:', 'service:tcp:') };
  while (!done) {
    const pods = (await kube.list<Json>('v1', 'Pod', { namespace })).items;
    for (const pod of pods) {
      if (w.pods.has(pod.metadata.name) || pod.spec.nodeName === undefined) continue;
      const address = w.addresses.get(pod.metadata.name) ?? w.network.add(pod.metadata.name, []);
      w.addresses.set(pod.metadata.name, address);
      w.network.publishHosts(hostsExtra(w.network));
      w.pods.set(pod.metadata.name, await runPod(pod, address, options));
    }
    await delay(300);
  }
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
    const up = runCli(['up', ...profileArgs(hostPort), '--manifests-dir', UPSTREAM_DIR, '--skip-preflight', '--no-dashboard', '--json', '--timeout', '480'], { env });
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

  test('the wallet up hands over shows its chains, syncs, reads balances and transfers between two of them', () => {
    expect(world.up.code).toBe(0);
    const env = world.ready.env as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(['KUBECONFIG', 'LINERA_KEYSTORE', 'LINERA_STORAGE', 'LINERA_WALLET']);
    const chains = linera(['wallet', 'show', '--short', '--owned'], env).trim().split('\n').filter(Boolean);
    expect(chains.length).toBeGreaterThanOrEqual(3);
    const [from, to] = chains.slice(1);
    if (from === undefined || to === undefined) throw new Error('the wallet has fewer than two user chains');
    linera(['sync', from], env);
    linera(['sync', to], env);
    const balance = (chain: string) => Number(linera(['query-balance', chain], env).trim());
    const before = { from: balance(from), to: balance(to) };
    expect(before.from).toBe(1_000_000);
    linera(['transfer', '12.5', '--from', from, '--to', to], env);
    linera(['sync', to], env);
    linera(['process-inbox', to], env);
    expect(balance(from)).toBeLessThanOrEqual(before.from - 12.5);
    expect(balance(to)).toBe(before.to + 12.5);
  });

  test('the block exporter starts with the rendered config and answers /health', async () => {
    const address = world.addresses.get('block-exporter-0')?.address ?? '';
    const response = await fetch(`http://${address}:9091/health`);
    expect(response.status).toBe(200);
  });

  function podLogs(): string {
    return [...world.pods.values()].flatMap((p) => Object.entries(p.logs).map(([c, file]) => `--- ${p.name}/${c}: ${file}`)).join('\n');
  }
});
