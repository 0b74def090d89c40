/**
 * `devnet up -p linera-light` on a real kind cluster (the kind tier's node image and Linera images,
 * test/kind/), timed as a user waits for it, from the command to its exit:
 *  - cold: no cluster; kind creates one, the images are loaded, the validators start;
 *  - warm: the cluster and the devnet are there and nothing changed;
 *  - after a change: the shards' log level flips, so every shard and proxy is replaced.
 * Each at least 3 runs; the figure is the median with the fastest and slowest run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { prepareKindTier } from '../test/kind/build/prepare.js';
import { acquireTierLock } from '../test/kind/support/lock.js';
import { mustRun } from './child.js';
import { row, spread, timeRuns } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'devnet.js');
const RUNS = Math.max(3, Number(process.env.KIND_BENCH_RUNS ?? 3));

export async function runKindBench(): Promise<string[]> {
  const say = (m: string) => process.stderr.write(`[bench kind] ${m}\n`);
  const release = await acquireTierLock(say);
  const tier = await prepareKindTier(say);
  const home = mkdtempSync(join(tmpdir(), 'devnet-bench-kind-'));
  const env = { PATH: [tier.toolsBin, process.env.PATH ?? ''].join(delimiter), DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache'), NO_COLOR: '1' };
  const images = tier.lineraImages;
  const profile = (logLevel = 'info') => [
    '-p', 'linera-light', '--seed', '7', '--set', 'cluster.name=bench-kind', '--set', `cluster.nodeImage=${tier.nodeImage}`,
    '--set', `linera.images.client=${images.client}`, '--set', `linera.images.validator=${images.validator}`,
    '--set', `linera.logLevel=${logLevel}`,
  ];
  const devnet = (args: string[]) => mustRun(process.execPath, [BIN, ...args], { env, cwd: ROOT });
  const up = (logLevel?: string) => devnet(['up', ...profile(logLevel), '--load-image', images.client, '--load-image', images.validator, '--no-dashboard', '--yes']);
  const down = () => devnet(['down', ...profile(), '--cluster']);
  try {
    await down().catch(() => undefined); // nothing of a previous run, or nothing at all

    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cold.push(...(await timeRuns(1, () => up().then(() => undefined))));
      if (i < RUNS - 1) await down();
    }
    const warm = await timeRuns(RUNS, () => up().then(() => undefined));
    let flip = false;
    const changed = await timeRuns(RUNS, () => {
      flip = !flip;
      return up(flip ? 'debug' : 'info').then(() => undefined);
    });
    return [
      'devnet up -p linera-light on kind (3 validators, this machine\'s node image, Linera images from the real binaries)',
      row('cold: cluster created, images loaded, validators started', spread(cold), 'under 90 s'),
      row('warm: cluster reused, images present, nothing changed', spread(warm), 'under 5 s'),
      row('after a profile change (shards\' log level flipped)', spread(changed)),
    ];
  } finally {
    await down().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    release();
  }
}
