/**
 * Codex on real kind, as a user runs it: `up -p codex` starts a bootstrap node and three storage
 * nodes; each node finds the others (they are in its DHT routing table, GET /api/codex/v1/debug/info),
 * and a file uploaded to one node downloads intact from another, through the API host ports.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { pollUntil } from '../support/poll.js';
import { requireDockerAndKind } from './requirements.js';

const home = mkdtempSync(join(tmpdir(), 'devnet-e2e-'));
const env = { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') };
const args = ['-p', 'codex', '--set', 'name=e2e-codex', '--seed', '7'];
const API = '/api/codex/v1';

interface Ready {
  event: string;
  endpoints?: { endpoints: { label: string; address: string }[] }[];
}

interface DebugInfo {
  id: string;
  table: { nodes: { peerId: string }[] };
}

let apis: string[] = [];

async function info(address: string): Promise<DebugInfo> {
  const response = await fetch(`http://${address}${API}/debug/info`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`debug/info on ${address}: ${response.status}`);
  return (await response.json()) as DebugInfo;
}

describe('Codex storage nodes on real kind', () => {
  beforeAll(() => requireDockerAndKind());
  afterAll(async () => {
    await runCli(['down', ...args, '--cluster'], { env });
    rmSync(home, { recursive: true, force: true });
  });

  test('up starts the bootstrap node, then the storage nodes with its address', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '-o', 'json', '--timeout', '20m'], { env });
    expect(up.code, up.stderr).toBe(0);
    const ready = up.stdout.trim().split('\n').map((line) => JSON.parse(line) as Ready).find((e) => e.event === 'ready');
    apis = (ready?.endpoints ?? []).flatMap((v) => v.endpoints.filter((e) => e.label.endsWith(' api')).map((e) => e.address));
    expect(apis).toEqual(['127.0.0.1:30701', '127.0.0.1:30702', '127.0.0.1:30703']);
  });

  test('each storage node lists every other storage node as a peer', async () => {
    const ids = await Promise.all(apis.map(async (address) => (await pollUntil(() => info(address), (i) => i.id !== '', 120)).id));
    for (const [i, address] of apis.entries()) {
      const others = ids.filter((_, j) => j !== i);
      const seen = await pollUntil(() => info(address), (x) => others.every((id) => x.table.nodes.some((n) => n.peerId === id)), 300);
      expect(seen.table.nodes.map((n) => n.peerId)).toEqual(expect.arrayContaining(others));
    }
  });

  test('a file uploaded to one node downloads intact from another', async () => {
    const file = randomBytes(256 * 1024);
    const upload = await fetch(`http://${apis[0] ?? ''}${API}/data`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file, signal: AbortSignal.timeout(60_000) });
    expect(upload.status).toBe(200);
    const cid = (await upload.text()).trim();
    const download = await pollUntil(
      async () => {
        const response = await fetch(`http://${apis[2] ?? ''}${API}/data/${cid}/network/stream`, { signal: AbortSignal.timeout(60_000) });
        if (!response.ok) throw new Error(`download from ${apis[2] ?? ''}: ${response.status}`);
        return Buffer.from(await response.arrayBuffer());
      },
      (bytes) => bytes.length === file.length,
      180,
    );
    expect(createHash('sha256').update(download).digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));
  });

  test('down removes the devnet', async () => {
    expect((await runCli(['down', ...args], { env })).stdout).toContain('Removed devnet e2e-codex');
  });
});
