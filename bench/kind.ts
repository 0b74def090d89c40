/**
 * `devnet up -p linera-light` on a real kind cluster (the kind tier's node image and Linera images,
 * test/kind/), timed as a user waits for it, from the command to its exit:
 *  - cold: no cluster and no image cache; kind creates the cluster, the images go into the cache
 *    and the node pulls them, the validators start;
 *  - a new cluster, with the cache: after `down --cluster` the cache outlives the cluster, so the new
 *    node pulls every image from it (issue 18's goal: under 60 s);
 *  - a new cluster, without it (cluster.cache.enabled: false): every image is `kind load`ed again;
 *  - warm: the cluster and the devnet are there and nothing changed;
 *  - after a change: the shards' log level flips, so every shard and proxy is replaced.
 * Each at least 3 runs; the figure is the median with the fastest and slowest run, and under it the
 * median of each of up's steps that took a second or more (its NDJSON `ready` event), so a slow
 * figure says where its time went. KIND_BENCH picks
 * parts: cold, cache (the two new-cluster rows), warm (warm and after a change). The bench's caches
 * have a prefix of their own, removed before and after, so a user's caches are neither used nor touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { prepareKindTier } from '../test/kind/build/prepare.js';
import { acquireTierLock } from '../test/kind/support/lock.js';
import { mustRun } from './child.js';
import { median, row, spread, timeRuns } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'devnet.js');
const RUNS = Math.max(3, Number(process.env.KIND_BENCH_RUNS ?? 3));
/** KIND_BENCH=cold,cache,warm picks the parts (all by default): each part takes minutes. */
const PARTS = new Set((process.env.KIND_BENCH ?? 'cold,cache,warm').split(',').map((p) => p.trim()));

const CACHE_PREFIX = 'bench-kind-cache';

/** The bench's cache containers and their volumes (named as the containers). */
async function removeBenchCaches(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--format', '{{.Names}}', '--filter', `name=^${CACHE_PREFIX}-`]);
  const names = stdout.split('\n').filter((n) => n !== '');
  if (names.length === 0) return;
  await execa('docker', ['rm', '--force', ...names]);
  await execa('docker', ['volume', 'rm', '--force', ...names]);
}

export async function runKindBench(): Promise<string[]> {
  const say = (m: string) => process.stderr.write(`[bench kind] ${m}\n`);
  const release = await acquireTierLock(say);
  const tier = await prepareKindTier(say);
  const home = mkdtempSync(join(tmpdir(), 'devnet-bench-kind-'));
  const env = { PATH: [tier.toolsBin, process.env.PATH ?? ''].join(delimiter), DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache'), NO_COLOR: '1' };
  const images = tier.lineraImages;
  const profile = (logLevel = 'info', cache = true) => [
    '-p', 'linera-light', '--seed', '7', '--set', 'cluster.name=bench-kind', '--set', `cluster.nodeImage=${tier.nodeImage}`,
    '--set', `linera.images.client=${images.client}`, '--set', `linera.images.validator=${images.validator}`,
    '--set', `linera.logLevel=${logLevel}`, '--set', `cluster.cache.prefix=${CACHE_PREFIX}`, '--set', `cluster.cache.enabled=${cache}`,
    // No registry:3 can be pulled here: the caches run the same program, built by the tier.
    '--set', `cluster.cache.image=${tier.registryImage}`,
  ];
  const devnet = (args: string[]) => mustRun(process.execPath, [BIN, ...args], { env, cwd: ROOT });
  /** One up; its steps' durations go into `steps` when given. */
  const up = async (options: { logLevel?: string; cache?: boolean } = {}, steps?: StepTimes) => {
    const run = await devnet(['up', ...profile(options.logLevel, options.cache), '--load-image', images.client, '--load-image', images.validator, '--no-dashboard', '--yes', '-o', 'json']);
    if (steps !== undefined) recordSteps(steps, run.stdout);
  };
  const down = () => devnet(['down', ...profile(), '--cluster']);
  const rows = ['devnet up -p linera-light on kind (3 validators, this machine\'s node image, Linera images from the real binaries)'];
  try {
    await down().catch(() => undefined); // nothing of a previous run, or nothing at all
    if (PARTS.has('cold')) {
      const cold: number[] = [];
      const steps: StepTimes = new Map();
      for (let i = 0; i < RUNS; i++) {
        await removeBenchCaches();
        cold.push(...(await timeRuns(1, () => up({}, steps))));
        if (i < RUNS - 1) await down();
      }
      rows.push(row('cold: cluster created, no cache, validators started', spread(cold), 'under 90 s'), ...stepRows(steps));
    }
    if (PARTS.has('cache')) {
      if (!PARTS.has('cold')) await up(); // the cache filled once, untimed
      // A new cluster each time (`up --recreate` only allows a cluster whose config changed to be made
      // again), timed from the up: what a user waits for after `down --cluster`.
      const recreated = async (cache: boolean, label: string, target?: string) => {
        const times: number[] = [];
        const steps: StepTimes = new Map();
        for (let i = 0; i < RUNS; i++) {
          await down();
          times.push(...(await timeRuns(1, () => up({ cache }, steps))));
        }
        rows.push(row(label, spread(times), target), ...stepRows(steps));
      };
      await recreated(true, 'new cluster after down --cluster, images from the cache', 'under 60 s');
      await recreated(false, 'new cluster after down --cluster, no cache (kind load)');
    }
    if (PARTS.has('warm')) {
      const warmSteps: StepTimes = new Map();
      const warm = await timeRuns(RUNS, () => up({ cache: false }, warmSteps));
      let flip = false;
      const changedSteps: StepTimes = new Map();
      const changed = await timeRuns(RUNS, () => {
        flip = !flip;
        return up({ logLevel: flip ? 'debug' : 'info', cache: false }, changedSteps);
      });
      rows.push(row('warm: cluster reused, images present, nothing changed', spread(warm), 'under 5 s'), ...stepRows(warmSteps));
      rows.push(row('after a profile change (shards\' log level flipped)', spread(changed)), ...stepRows(changedSteps));
    }
    return rows;
  } finally {
    await down().catch(() => undefined);
    await removeBenchCaches();
    rmSync(home, { recursive: true, force: true });
    release();
  }
}

/** Each step's durations over the runs of one row, in up's order. */
type StepTimes = Map<string, number[]>;

/**
 * Adds one up's step durations to `into`: the phases of its NDJSON `ready` event, which are its
 * steps and, within the validators step, each stage of the rollout (validators/shards…).
 */
function recordSteps(into: StepTimes, ndjson: string): void {
  for (const line of ndjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as { event?: string; phases?: { name: string; seconds: number }[] };
    if (event.event !== 'ready') continue;
    for (const phase of event.phases ?? []) into.set(phase.name, [...(into.get(phase.name) ?? []), phase.seconds * 1000]);
  }
}

/** "    step cluster   21.30 s (20.10–24.00, n=3)" for each step whose median is a second or more. */
function stepRows(steps: StepTimes): string[] {
  return [...steps].filter(([, times]) => median(times) >= 1000).map(([phase, times]) => row(`  step ${phase}`, spread(times)));
}
