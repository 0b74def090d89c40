/**
 * The fakes stand in for programs devnet runs several at once: like Docker's daemon, the fake docker
 * applies one change to its state at a time. Without that, a dozen containers started together
 * (devnet starts its image caches side by side) lost some of themselves, and a call reading the
 * state while another wrote it crashed: a cluster-tier `up` then failed with exit 70 now and then.
 */
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
});
