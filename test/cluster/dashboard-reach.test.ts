/**
 * The dashboard of a Linera devnet as a user runs it: the real executable in a pseudo-terminal,
 * each validator's advertised endpoint a gRPC health server on loopback, as its proxy answers
 * through kind's port mapping (only kind and docker are fakes). All four answer; one closed, its
 * row says it has not answered since and the header counts three against the quorum; a second
 * closed, no transfer can certify.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { grpcHealthServer, type GrpcHealthServer } from '../support/grpc-health.js';
import { consecutivePorts } from '../support/ports.js';
import { unique } from '../support/names.js';
import { ROOT } from '../support/profiles.js';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { devnetEnv } from './support/devnet-env.js';
import { untilScreen } from './support/screen.js';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');
});

/** Four consecutive host ports, each served by a health server this test can close on its own. */
async function proxies(): Promise<{ base: number; close(validator: number): void }> {
  const servers = new Map<number, GrpcHealthServer>();
  const base = await consecutivePorts(4, async (port) => {
    const server = await grpcHealthServer('SERVING', port);
    servers.set(port, server);
    return server.stop;
  });
  return { base, close: (validator) => servers.get(base + validator)?.stop() };
}

describe('the dashboard says which validators answer', () => {
  test('closing proxies shows on their rows, and the header counts them against the quorum', { timeout: 300_000 }, async () => {
    const env = devnetEnv();
    const name = unique('reach');
    const { base, close } = await proxies();
    const args = ['-p', 'linera-light', '--set', `name=${name}`, '--validators', '4', '--seed', '7', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=4'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args]);
    });
    const up = await env.devnet(['up', ...args, '--skip-preflight', '--no-dashboard', '--timeout', '240']);
    expect(up.code, up.stderr).toBe(0);

    const run = spawnDevnet(env, ['dashboard', ...args], 'sized');
    const screen = () => withoutAnsi(run.output());
    // Ink repaints a changed row from its first changed column, so the stream holds a row's new
    // words, not always its label: a validator's row is known by its endpoint, the last thing on it.
    const row = (validator: number, words: string) => new RegExp(`${words} · localhost:${base + validator}`);
    await untilScreen(screen, (t) => t.includes('4 of 4 validators answer; a quorum needs 3: transfers can certify · 1 of 4 may fail'), 'every validator to answer', 60_000);
    expect(screen()).toMatch(row(1, 'answers'));

    close(1);
    await untilScreen(screen, (t) => t.includes('3 of 4 validators answer; a quorum needs 3: transfers can certify'), 'the count to drop to 3', 30_000);
    await untilScreen(screen, (t) => row(1, 'no answer for \\d+s').test(t), 'validator-1 marked as not answering', 30_000);
    expect(screen()).not.toMatch(row(0, 'no answer'));

    close(2);
    await untilScreen(screen, (t) => t.includes('2 of 4 validators answer; a quorum needs 3: no transfer can certify'), 'the quorum to be gone', 30_000);
    await untilScreen(screen, (t) => row(2, 'no answer for \\d+s').test(t), 'validator-2 marked as not answering', 30_000);

    run.write('q');
    expect(await run.exited, screen()).toBe(0);
  });
});
