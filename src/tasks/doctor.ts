/** devnet doctor: the preflight checks on their own, each with its fix. */
import { EnvironmentError } from '../errors/index.js';
import { commandLines } from '../output/command-line.js';
import { theme } from '../output/theme.js';
import { portFree, readSysctl } from '../system/host.js';
import type { Io } from '../system/io.js';
import { run } from '../system/process.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { preflight, realProbe } from './preflight.js';

export async function runDoctor(flags: ProfileFlags & { json: boolean }, io: Io): Promise<void> {
  const { topology } = await loadProfile(flags, io.cwd);
  const results = await preflight(topology, realProbe(run, { ...io.env }, { sysctl: readSysctl, portFree }, io.signal), io.cwd);
  // An object, as every JSON document devnet prints, so fields can be added without breaking readers.
  if (flags.json) io.stdout.write(`${JSON.stringify({ ok: results.every((r) => r.status !== 'fail'), checks: results }, null, 2)}\n`);
  else {
    const t = theme(io.env, io.stdout);
    const mark = { ok: t.ok('✔'), warn: t.warning('!'), fail: t.error('✖'), skip: t.dim('-') };
    for (const r of results) {
      io.stdout.write(`${mark[r.status]} ${r.name.padEnd(16)} ${r.status === 'skip' ? t.dim(`skipped: ${r.detail}`) : r.detail}\n`);
      if (r.fix && r.status !== 'ok') io.stdout.write(`  ${t.hint('fix')} ${r.fix}\n`);
    }
  }
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length > 0) throw new EnvironmentError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed.`, { hint: `apply the fixes above and run ${commandLines(flags).profileOnly('doctor')} again` });
}
