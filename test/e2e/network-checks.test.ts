/**
 * The built-in network checks of devnet check against real nodes on real kind: a substrate chain
 * authors and finalises blocks and its nodes peer; Codex nodes find each other and a file uploaded
 * to one downloads intact from another. Also the JUnit report and the bundle of a real devnet.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { junitProblems } from '../support/junit-schema.js';
import { runCli } from '../support/run-cli.js';
import { requireDockerAndKind } from './requirements.js';

const home = mkdtempSync(join(tmpdir(), 'devnet-e2e-checks-'));
const env = { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') };

beforeAll(() => requireDockerAndKind());
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('substrate on real kind', () => {
  const args = ['-p', 'substrate', '--set', 'name=e2e-substrate', '--seed', 'e2e'];
  afterAll(async () => {
    await runCli(['down', ...args, '--cluster'], { env });
  });

  test('up, then the built-in checks pass: blocks authored and finalised, every node has peers', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '--timeout', '15m', '--ttl', '2h'], { env });
    expect(up.code, up.stderr).toBe(0);
    const junit = join(home, 'substrate.xml');
    const check = await runCli(['check', ...args, '--set', 'checks.builtin.within=10m', '--junit', junit], { env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('✔ blocks are authored and finalised');
    expect(check.stdout).toContain('✔ nodes are connected');
    expect(await junitProblems(readFileSync(junit, 'utf8'))).toEqual([]);
  });

  test('declared assertions against the real node: its log and its Prometheus metrics', async () => {
    const check = await runCli(['check', ...args, '--no-builtin', '--within', '5m', '--log', 'node:Imported #[0-9]+', '--metric', 'node:substrate_block_height{status="best"} >= 2'], { env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  test('the bundle of a real devnet has the kind node logs', async () => {
    const out = join(home, 'substrate.tar.gz');
    const bundle = await runCli(['bundle', ...args, '--out', out], { env });
    expect(bundle.code, bundle.stderr).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(1000);
  });
});

describe('Codex on real kind', () => {
  const args = ['-p', 'codex', '--set', 'name=e2e-codex', '--set', 'codex.replicas=2'];
  afterAll(async () => {
    await runCli(['down', ...args, '--cluster'], { env });
  });

  test('up, then the built-in checks pass: every node sees the others, a file travels between two', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '--timeout', '15m'], { env });
    expect(up.code, up.stderr).toBe(0);
    const check = await runCli(['check', ...args, '--set', 'checks.builtin.within=5m', '-o', 'json'], { env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const events = check.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; id?: string; status?: string });
    expect(events.filter((e) => e.event === 'check').map((e) => [e.id, e.status])).toEqual(
      expect.arrayContaining([
        ['codex/peers', 'passed'],
        ['codex/transfer', 'passed'],
      ]),
    );
  });
});
