/**
 * Polkadot on real kind, as a user runs it: `up -p substrate` starts two validators on rococo-local
 * (Alice and Bob, one node each); both author and import blocks, which their JSON-RPC shows through
 * the host ports devnet maps (chain_getHeader, system_health). Then status and down behave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { pollUntil } from '../support/poll.js';
import { requireDockerAndKind } from './requirements.js';

const home = mkdtempSync(join(tmpdir(), 'devnet-e2e-'));
const env = { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') };
const args = ['-p', 'substrate', '--set', 'name=e2e-substrate', '--seed', '7'];

interface Ready {
  event: string;
  endpoints?: { validator: number; endpoints: { label: string; address: string }[] }[];
}

let rpc: string[] = [];

/** One JSON-RPC call over HTTP, the way polkadot.js or curl would make it. */
async function call<T>(address: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(`http://${address}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.result === undefined) throw new Error(`${method} on ${address}: ${body.error?.message ?? response.status}`);
  return body.result;
}

describe('Polkadot validators on real kind', () => {
  beforeAll(() => requireDockerAndKind());
  afterAll(async () => {
    await runCli(['down', ...args, '--cluster'], { env });
    rmSync(home, { recursive: true, force: true });
  });

  test('up starts two validators and reports an RPC endpoint for each', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '-o', 'json', '--timeout', '20m'], { env });
    expect(up.code, up.stderr).toBe(0);
    const ready = up.stdout.trim().split('\n').map((line) => JSON.parse(line) as Ready).find((e) => e.event === 'ready');
    rpc = (ready?.endpoints ?? []).flatMap((v) => v.endpoints.filter((e) => e.label.endsWith(' rpc')).map((e) => e.address));
    expect(rpc).toEqual(['127.0.0.1:30944', '127.0.0.1:30945']);
  });

  test('every node reaches best block 3 or more, and has its peer', async () => {
    for (const address of rpc) {
      const header = await pollUntil(() => call<{ number: string }>(address, 'chain_getHeader'), (h) => Number.parseInt(h.number, 16) >= 3, 300);
      expect(Number.parseInt(header.number, 16)).toBeGreaterThanOrEqual(3);
      const health = await call<{ peers: number; isSyncing: boolean }>(address, 'system_health');
      expect(health.peers).toBeGreaterThanOrEqual(1);
    }
  });

  test('both nodes author: each has logged the block-authoring line', async () => {
    for (const selector of ['validator-0/node', 'validator-1/node']) {
      const logs = await runCli(['logs', selector, ...args, '--include', 'Prepared block for proposing'], { env });
      expect(logs.code, logs.stderr).toBe(0);
      expect(logs.stdout).toContain('Prepared block for proposing at');
    }
  });

  test('status shows every pod ready; down removes the devnet', async () => {
    const status = await runCli(['status', ...args], { env });
    expect(status.stdout).toContain('2/2 pods ready');
    expect((await runCli(['down', ...args], { env })).stdout).toContain('Removed devnet e2e-substrate');
  });
});
