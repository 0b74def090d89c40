/**
 * kubevali's watchlog on real kind with the real polkadot image: `up --wait-healthy` returns only
 * once every node has logged that it authored a block ("Prepared block", the shipped profile's
 * rule), and `devnet health` reports them healthy and pings a healthchecks-compatible server (a
 * local one that records what it receives) once per node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pingServer, type PingServer } from '../support/ping-server.js';
import { runCli } from '../support/run-cli.js';
import { requireDockerAndKind } from './requirements.js';

const home = mkdtempSync(join(tmpdir(), 'devnet-e2e-health-'));
const env = { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') };
const name = 'e2e-health';
const args = ['-p', 'substrate', '--set', `name=${name}`, '--seed', 'health'];
const NODES = ['node-0', 'node-1'].flatMap((pod) => [0, 1].map((v) => `${name}-val-${v}-${pod}`)).sort();

describe('substrate log health on real kind', () => {
  let server: PingServer | undefined;
  beforeAll(() => requireDockerAndKind());
  afterAll(async () => {
    await server?.close();
    await runCli(['down', ...args, '--cluster'], { env });
    rmSync(home, { recursive: true, force: true });
  });

  test('up --wait-healthy returns once every node has authored a block', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '--wait-healthy', '--timeout', '20m'], { env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/Log health: 4 replicas healthy/);
  });

  test('status shows every node healthy', async () => {
    const status = await runCli(['status', ...args, '-o', 'json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const view = JSON.parse(status.stdout) as { validators: { components: { pods: { name: string; health?: { state: string } }[] }[] }[] };
    const states = view.validators.flatMap((v) => v.components.flatMap((c) => c.pods.map((p) => p.health?.state)));
    expect(states).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
  });

  test('health exits 0 and pings each node\'s check (its slug, as the profile has no pings)', async () => {
    server = await pingServer();
    const health = await runCli(['health', ...args, '-o', 'json', '--ping-url', server.url], { env });
    expect(health.code, health.stderr).toBe(0);
    const report = JSON.parse(health.stdout) as { healthy: boolean; replicas: { state: string }[] };
    expect(report.healthy).toBe(true);
    expect(report.replicas.map((r) => r.state)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
    // kubevali pings at the first match; every node had matched, none was failing.
    expect([...new Set(server.pings.map((p) => p.path))].sort()).toEqual(NODES.map((slug) => `/${slug}`));
    expect(server.pings.every((p) => p.method === 'POST')).toBe(true);
  });
});
