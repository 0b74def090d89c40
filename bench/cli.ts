/**
 * CLI figures: cold start of `devnet --help` against a bare `node -e 0` (runs interleaved, so a
 * busy machine slows both alike), a whole `devnet render` process for the default profile, and
 * in-process render time as validators grow (16 shards each), which must be linear.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { checkProfile } from '../src/networks/registry.js';
import { parseSetFlag } from '../src/config/overrides.js';
import { lineraPlaceholders } from '../src/networks/linera/genesis.js';
import { renderObjects } from '../src/render/index.js';
import { median, millis, row, spread, timeRuns } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'devnet.js');

function processMs(args: string[], runs: number): Promise<number[]> {
  return timeRuns(runs, () => {
    execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  });
}

function renderAt(validators: number): number {
  const text = readFileSync(join(ROOT, 'profiles', 'linera.yaml'), 'utf8');
  const sets = [`validators=${validators}`, `cluster.reservedValidators=${validators}`, 'linera.shards.replicas=16', 'linera.exposure.nodePortBase=30000'];
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const result = checkProfile({ file: 'linera.yaml', text, overrides: sets.map(parseSetFlag) });
    if (!result.ok) throw new Error(`profile rejected: ${result.errors.map((e) => e.message).join('; ')}`);
    if (result.topology.material.kind !== 'linera') throw new Error('not a Linera topology');
    renderObjects(result.topology, lineraPlaceholders(result.topology.material), { showSecrets: false });
    runs.push(performance.now() - start);
  }
  return median(runs);
}

/** `node -e 0` and `devnet --help`, one after the other, `runs` times each. */
async function helpAgainstNode(runs: number): Promise<{ help: number[]; node: number[] }> {
  const help: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(...(await timeRuns(1, () => void execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' }))));
    help.push(...(await processMs(['--help'], 1)));
  }
  return { help, node };
}

export async function runCliBench(): Promise<string[]> {
  await processMs(['--help'], 1); // fills Node's compile cache, as any earlier run would have
  const { help, node } = await helpAgainstNode(21);
  const render = await processMs(['render'], 10);
  const sizes = [25, 50, 100];
  renderAt(10); // warm up the JIT so the first size is not penalised
  const times = sizes.map(renderAt);
  const perValidator = times.map((t, i) => t / (sizes[i] ?? 1));
  return [
    'CLI',
    '  a new Node.js process per run (cold V8 and module loading); the files are in the page cache (warm disk)',
    row('node -e 0, new process', spread(node, millis)),
    row('devnet --help, new process', spread(help, millis)),
    row('  devnet --help / node -e 0, medians', `${(median(help) / median(node)).toFixed(2)}x`, '<= 1.5x'),
    row('devnet render, default profile, new process', spread(render, millis), 'median <= 400 ms'),
    ...sizes.map((n, i) => row(`plan + render in-process, warm JIT, ${n} validators x 16 shards (median of 5)`, `${(times[i] ?? 0).toFixed(0)} ms`)),
    row('  per validator at 25 / 50 / 100', perValidator.map((t) => t.toFixed(2)).join(' / ') + ' ms', 'flat = linear'),
  ];
}
