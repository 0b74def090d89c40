/**
 * The fakes stand in for programs devnet runs several at once: like Docker's daemon, the fake docker
 * applies one change to its state at a time. Without that, a dozen containers started together
 * (devnet starts its image caches side by side) lost some of themselves, and a call reading the
 * state while another wrote it crashed: a cluster-tier `up` then failed with exit 70 now and then.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { fakeBin } from '../support/fake-bin.js';

const bin = fakeBin(['docker']);
afterAll(() => bin.cleanup());
const docker = (args: string[]) => execa('docker', args, { env: bin.env, reject: false });

describe('the fake docker, called many times at once', () => {
  test('keeps every container of a dozen started together, and none of the calls fails', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `cache-${i}`);
    const runs = await Promise.all(names.map((name) => docker(['run', '-d', '--name', name, '--label', 'devnet/test=race', 'registry:3'])));
    for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
    const listed = await docker(['ps', '--filter', 'label=devnet/test=race']);
    expect(listed.stdout.split('\n').sort()).toEqual([...names].sort());
  });

  // A waiter that read the lock just as its holder released it once left an empty lock nobody owned,
  // and every call after it waited a minute: a cluster-tier up's `crictl images` was stopped at 60 s.
  test('a burst of calls that read and change the state all finish, and no lock is left', { timeout: 30_000 }, async () => {
    for (let round = 0; round < 5; round++) {
      const calls = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? ['ps', '--filter', 'label=devnet/test=burst'] : ['volume', 'rm', `v-${round}-${i}`]));
      const results = await Promise.all(calls.map((args) => docker(args)));
      for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    }
    expect(existsSync(`${bin.env.FAKE_DOCKER_STATE ?? ''}.lock`)).toBe(false);
  });
});
