/**
 * `devnet up` for Linera end to end: prerequisites installed from ../shared/fixtures against the
 * real API server (operator stand-ins answer the webhooks), genesis from Linera's tools through a
 * fake docker, ScyllaDB, storage init, shards and proxies, and the endpoint check on host ports
 * that the test opens the way kind's port mappings would.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { ROOT } from '../support/profiles.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { deleteOperatorWebhooks } from './support/standins/index.js';
import { withStandins, type Behaviour } from './support/standins/with-standins.js';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');

/** Listeners on the validators' host ports, standing in for kind's extraPortMappings. */
async function hostPorts(count: number): Promise<number> {
  for (;;) {
    const base = 40000 + Math.floor(Math.random() * 20000);
    const servers: Server[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = createServer((socket) => socket.end());
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(base + i, '127.0.0.1', resolve));
        servers.push(server);
      }
      onTestFinished(() => servers.forEach((s) => s.close()));
      return base;
    } catch {
      servers.forEach((s) => s.close());
    }
  }
}

async function lineraDevnet(behaviour: Behaviour = {}) {
  await deleteOperatorWebhooks(inject('kubeconfig'));
  const standins = await withStandins(behaviour);
  const env = devnetEnv();
  const name = `lin-${randomBytes(2).toString('hex')}`;
  const base = await hostPorts(2);
  const args = ['-p', 'linera', '--set', `name=${name}`, '--validators', '2', '--seed', '42', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=2'];
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
  const up = (extra: string[] = []) => env.devnet(['up', ...args, '--manifests-dir', FIXTURES, '--skip-preflight', '--no-dashboard', ...extra]);
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
    expect(first.stderr).toContain(`Endpoints: 2 proxies answer on 127.0.0.1:${base}-${base + 1}`);
    expect(first.stdout).toContain(`validator-1  gRPC (proxy)     localhost:${base + 1}`);
    expect(first.stdout).toMatch(/export LINERA_WALLET=.*wallet\.json/);

    const k = Kube.connect({ kubeconfig: inject('kubeconfig') });
    const job = (await k.get('batch/v1', 'Job', `${name}-val-1`, 'storage-init')) as Json;
    expect(job.status.conditions.some((c: Json) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    const scylla = (await k.get('scylla.scylladb.com/v1', 'ScyllaCluster', `${name}-shared`, 'scylla')) as Json;
    expect(scylla.spec.datacenter.racks[0].resources.limits).toEqual({ cpu: '1', memory: '2Gi' });
    const wallet = join(env.home, 'state', 'devnets', name, 'wallet.json');
    expect(statSync(wallet).mode & 0o777).toBe(0o600);

    const docker = env.bin.calls('docker');
    expect(docker).toHaveLength(1);
    expect(docker[0]?.stdin).toContain('--testing-prng-seed 42');

    const second = await up(['--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('cert-manager v1.20.2 already installed, scylla-operator v1.21.1 already installed');
    expect(second.stderr).toContain('Keys and genesis: reused from the cluster');
    const ready = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
    expect(env.bin.calls('docker')).toHaveLength(1);

    const secret = (await k.get('v1', 'Secret', `${name}-val-0`, 'validator-config')) as Json;
    const validatorSecret = (JSON.parse(Buffer.from(secret.data.serverConfig, 'base64').toString()) as Json).validator_secret as string;
    for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(output).not.toContain(validatorSecret);
  });

  test('retries the ScyllaDB webhook while it is not answering yet', { timeout: 300_000 }, async () => {
    const { up } = await lineraDevnet({ scylla: { failCallsForMs: 45_000 } });
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
