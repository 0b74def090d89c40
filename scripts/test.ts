/**
 * `npm test`: every tier, with the kind tier in a vitest run of its own beside the others.
 *
 * One vitest run puts every file whose project runs one file at a time (the cluster and kind tiers,
 * and on a 2-core machine, where vitest gives a project one worker, the unit and integration tiers
 * too) into a single queue: the whole suite ran file after file, and the machine idled through
 * most of the kind tier, which waits on containers and real Linera programs. Two runs, one
 * for the kind tier and one for the rest, overlap those waits; each tier still runs its own files
 * one at a time, and they share nothing (the kind tier has real Docker and host ports 19300 on;
 * the others fake Docker and take host ports from 20000 to 32767: test/support/ports.ts).
 *
 * Arguments (`npm test -- test/unit/x.test.ts`, `-t pattern`) make it one plain `vitest run` with
 * them. The kind run's lines are prefixed with "kind │ "; the exit code is the first failing run's.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { skippedTiers } from '../test/support/tiers.js';

const ROOT = join(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const PREFIX = 'kind │ ';

function vitest(args: string[], colour: boolean) {
  return execa(process.execPath, [VITEST, 'run', ...args], {
    cwd: ROOT,
    reject: false,
    stdin: 'ignore',
    env: colour ? { FORCE_COLOR: '1' } : {},
  });
}

/** Copies a child's output to ours line by line, each line after `prefix`. */
function relay(child: ReturnType<typeof vitest>, prefix: string): void {
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    let partial = '';
    from.setEncoding('utf8');
    from.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      if (lines.length > 0) to.write(lines.map((line) => `${prefix}${line}\n`).join(''));
    });
    from.on('end', () => {
      if (partial !== '') to.write(`${prefix}${partial}\n`);
    });
  }
}

const args = process.argv.slice(2);
const skipped = new Set(skippedTiers(process.env).map((tier) => tier.name));
const colour = process.stdout.isTTY === true;

if (args.length > 0 || skipped.has('kind')) {
  const { exitCode } = await execa(process.execPath, [VITEST, 'run', ...args], { cwd: ROOT, reject: false, stdio: 'inherit' });
  process.exit(exitCode ?? 1);
}

const started = Date.now();
const others = ['unit', 'integration', ...(skipped.has('cluster') ? [] : ['cluster'])];
const runs = [
  { name: others.join(', '), child: vitest(others.flatMap((p) => ['--project', p]), colour), prefix: '' },
  { name: 'kind', child: vitest(['--project', 'kind'], colour), prefix: PREFIX },
];
for (const run of runs) relay(run.child, run.prefix);
const results = await Promise.all(
  runs.map(async (run) => {
    const result = await run.child;
    return { name: run.name, code: result.exitCode ?? 1, minutes: (Date.now() - started) / 60_000 };
  }),
);
process.stdout.write(`\n${results.map((r) => `${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}: ${r.name} (${r.minutes.toFixed(1)} min)`).join('\n')}\n`);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
