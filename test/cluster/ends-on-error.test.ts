/**
 * A command that meets an error it cannot get past says so and ends: none of the watches it started
 * may keep the process alive after the message. Run as a shell runs it (bin/devnet.js), where a
 * watch left open is a process that never exits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../support/profiles.js';
import { claimedDevnet } from './support/claimed-devnet.js';
import { devnetEnv } from './support/devnet-env.js';
import { CORE_READER, limitedKubeconfig } from './support/limited-user.js';
import { spawnDevnet, withoutAnsi, type Spawned } from '../support/spawn-devnet.js';
import { unique } from '../support/names.js';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');
});

/** The exit code, or a failure with the output when the process is still running after `ms`: it hangs. */
async function ends(run: Spawned, ms = 30_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  const result = await Promise.race([run.exited, hung]);
  clearTimeout(timer);
  if (result === 'hung') throw new Error(`still running ${ms / 1000}s after it started; it printed:\n${withoutAnsi(run.output())}`);
  return result;
}

describe('a watch that cannot start', () => {
  // Everything status reads except ScyllaClusters: that one list fails, the other watches start.
  const noScylla = [CORE_READER, { apiGroups: ['apps', 'batch'], resources: ['*'], verbs: ['get', 'list', 'watch'] }];

  test('ends status, status -o json and status -w with the error, exit 5', { timeout: 180_000 }, async () => {
    const env = devnetEnv();
    const kubeconfig = await limitedKubeconfig(env.home, noScylla, 'no-scylla');
    const name = unique('hang');
    await claimedDevnet(name, 'linera', { provider: 'existing', name: 'no-scylla' });
    for (const extra of [[], ['-o', 'json'], ['-w']]) {
      const run = spawnDevnet(env, ['status', '-p', 'linera', '--set', `name=${name}`, '--context', 'no-scylla', '--kubeconfig', kubeconfig, ...extra]);
      expect(await ends(run), run.output()).toBe(5);
      expect(run.output()).toMatch(/ScyllaCluster|scyllaclusters/);
    }
  });

  test('ends the dashboard in a terminal with the error, rather than leaving a screen that no longer quits', { timeout: 120_000 }, async () => {
    const env = devnetEnv();
    const kubeconfig = await limitedKubeconfig(env.home, noScylla, 'no-scylla');
    const name = unique('hang');
    await claimedDevnet(name, 'linera', { provider: 'existing', name: 'no-scylla' });
    const run = spawnDevnet(env, ['dashboard', '-p', 'linera', '--set', `name=${name}`, '--context', 'no-scylla', '--kubeconfig', kubeconfig], 'sized');
    expect(await ends(run), run.output()).toBe(5);
    expect(withoutAnsi(run.output())).toMatch(/ScyllaCluster|scyllaclusters/);
  });
});
