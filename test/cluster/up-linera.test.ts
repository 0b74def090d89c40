/**
 * `devnet up` for Linera end to end: prerequisites installed from test/fixtures/upstream against
 * the real API server (operator stand-ins answer the webhooks), genesis from stub Linera tools
 * through a fake docker that executes devnet's scripts, ScyllaDB, storage init, shards and proxies,
 * and the endpoint check on host ports where the test serves what a proxy serves (gRPC health), or
 * only accepts TCP the way kind's port mapping does before any proxy runs.
 */
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { REQUEST_ATTEMPTS } from '../../src/kube/transport.js';
import { UPSTREAM_DIR } from '../support/upstream.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { deleteOperatorWebhooks } from './support/standins/index.js';
import { withStandins, type Behaviour } from './support/standins/with-standins.js';
import { unique } from '../support/names.js';
import { grpcHealthServer } from '../support/grpc-health.js';
import { consecutivePorts } from '../support/ports.js';
import { clusterKube } from './support/kube.js';

type Answer = 'grpc-health' | 'tcp-only';

/**
 * What answers on the validators' host ports: a gRPC server with the standard health service, as
 * every Linera proxy serves it, or a plain listener that accepts and hangs up, as kind's port
 * mapping does before any proxy exists.
 */
function hostPorts(count: number, answer: Answer): Promise<number> {
  return consecutivePorts(count, async (port) => (answer === 'grpc-health' ? (await grpcHealthServer('SERVING', port)).stop : await tcpOnly(port)));
}

async function tcpOnly(port: number): Promise<() => void> {
  const server: Server = createServer((socket) => socket.end());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return () => server.close();
}

async function lineraDevnet(behaviour: Behaviour = {}, answer: Answer = 'grpc-health') {
  await deleteOperatorWebhooks(inject('kubeconfig'));
  const standins = await withStandins(behaviour);
  const env = devnetEnv();
  const name = unique('lin');
  const base = await hostPorts(2, answer);
  const args = ['-p', 'linera', '--set', `name=${name}`, '--validators', '2', '--seed', '42', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=2'];
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
  // --manifests-dir as a user types it: relative to the directory devnet runs in.
  const up = (extra: string[] = []) => env.devnet(['up', ...args, '--manifests-dir', basename(UPSTREAM_DIR), '--skip-preflight', '--no-dashboard', ...extra], { cwd: dirname(UPSTREAM_DIR) });
  return { env, name, base, args, up, standins };
}

describe('devnet up on the default Linera profile', () => {
  test('installs the prerequisites, deploys every validator and reports its endpoints; a second run changes nothing', { timeout: 300_000 }, async () => {
    const { env, name, base, up } = await lineraDevnet();
    const first = await up(['--timeout', '240']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Prerequisites: cert-manager v1\.20\.2 installed, scylla-operator v1\.21\.1 installed/);
    expect(first.stderr).toContain('Keys and genesis: generated with linera-server and linera (Docker)');
    expect(first.stderr).toContain('shared: ScyllaCluster scylla available');
    expect(first.stderr).toContain(`Endpoints: 2 proxies serve gRPC health on 127.0.0.1:${base}-${base + 1}`);
    expect(first.stdout).toContain(`validator-1  gRPC (proxy)     localhost:${base + 1}`);
    expect(first.stdout).toMatch(/export LINERA_WALLET=.*wallet\.json/);

    const k = clusterKube();
    const job = (await k.get('batch/v1', 'Job', `${name}-val-1`, 'storage-init')) as Json;
    expect(job.status.conditions.some((c: Json) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    const scylla = (await k.get('scylla.scylladb.com/v1', 'ScyllaCluster', `${name}-shared`, 'scylla')) as Json;
    expect(scylla.spec.datacenter.racks[0].resources.limits).toEqual({ cpu: '1', memory: '2Gi' });
    const wallet = join(env.home, 'state', 'devnets', name, 'wallet.json');
    expect(statSync(wallet).mode & 0o777).toBe(0o600);

    // Keys in the validator image, genesis in the client image, then the wallet's client storage.
    const runs = () => env.toolRuns();
    const docker = runs();
    expect(docker).toHaveLength(3);
    expect(docker[0]?.stdin).toContain('generate --testing-prng-seed 42 --validators validator_0.toml validator_1.toml');
    expect(docker[1]?.stdin).toMatch(/create-genesis-config 2 .* --start-timestamp 2025-01-01T00:00:00Z --testing-prng-seed 43/);
    const walletDir = join(env.home, 'state', 'devnets', name);
    expect(docker[2]?.args).toEqual(expect.arrayContaining(['--network', 'none', '--volume', `${walletDir}:${walletDir}`, './linera', 'storage', 'initialize', '--storage', `rocksdb:${walletDir}/client.db`]));
    expect(first.stdout).toContain(`export LINERA_STORAGE=rocksdb:${walletDir}/client.db`);

    const second = await up(['-o', 'json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('cert-manager v1.20.2 already installed, scylla-operator v1.21.1 already installed');
    expect(second.stderr).toContain('Keys and genesis: reused from the cluster');
    const ready = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
    expect(runs()).toHaveLength(3);

    const secret = (await k.get('v1', 'Secret', `${name}-val-0`, 'validator-config')) as Json;
    const validatorSecret = (JSON.parse(Buffer.from(secret.data.serverConfig, 'base64').toString()) as Json).validator_secret as string;
    for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(output).not.toContain(validatorSecret);
  });

  test('a host port that accepts TCP but serves no gRPC health is not a ready validator', { timeout: 300_000 }, async () => {
    const { base, up } = await lineraDevnet({}, 'tcp-only');
    const result = await up(['--timeout', '90']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`validator-[01] does not serve gRPC health on 127\\.0\\.0\\.1:${base}|validator-[01] does not serve gRPC health on 127\\.0\\.0\\.1:${base + 1}`));
    expect(result.stderr).toContain('devnet logs validator-');
    expect(result.stderr).not.toContain('is ready');
  });

  test('retries the ScyllaDB webhook while it is not answering yet', { timeout: 300_000 }, async () => {
    // Refusals counted, not timed (on a slow machine a 45 s window closed before the ScyllaCluster
    // came): more than the attempts the transport makes on its own, so the failure reaches up's own
    // retry, which says so.
    const { up } = await lineraDevnet({ scylla: { failFirstCalls: REQUEST_ATTEMPTS + 2 } });
    const result = await up(['--timeout', '240']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/webhook is not answering yet, retrying|failed calling webhook.*retrying/);
  });

  test('a ScyllaCluster that never becomes available ends at the deadline with a clear message', { timeout: 300_000 }, async () => {
    const { up } = await lineraDevnet({ scylla: { neverAvailable: true } });
    const result = await up(['--timeout', '60']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The devnet was not ready after 60s.');
  });
});
