/**
 * devnet check: assertions about a running devnet — the network's built-in ones, the profile's
 * `checks.assertions` and those given on the command line — run at once, each reported with what
 * it measured. Exit 0 only when every assertion passed.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { CheckFailedError, DevnetError, InterruptedError, UserError } from '../../errors/index.js';
import { commandLines, type CommandLines } from '../../output/command-line.js';
import { theme } from '../../output/theme.js';
import { writeAtomic } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { version } from '../../system/version.js';
import { loadProfile, type LoadedProfile, type ProfileFlags } from '../load-profile.js';
import { withCurrent } from '../current.js';
import { openDevnet } from '../open-devnet.js';
import { targetOf, type ClusterFlags } from '../target.js';
import { builtinAssertions } from './builtin.js';
import { networkClient } from './client.js';
import { declaredAssertion } from './declared.js';
import { flagAssertions, type AssertionFlags } from './flags.js';
import { junitErrorXml, junitXml } from './junit.js';
import { loadScenario, runScenario } from './scenario.js';
import { outcomeEvent, outcomeLines, summaryLine, totals } from './report.js';
import type { Assertion, CheckContext, Outcome } from './types.js';

export interface CheckFlags extends ProfileFlags, ClusterFlags, AssertionFlags {
  builtin: boolean;
  declared: boolean;
  json: boolean;
  junit?: string | undefined;
  bundleOnFailure?: string | undefined;
  /** A scenario file or the name of a shipped one: run it instead of the other assertions. */
  scenario?: string | undefined;
}

export async function runCheck(given: CheckFlags, io: Io): Promise<Outcome[]> {
  const junit = given.junit === undefined ? undefined : resolve(io.cwd, given.junit);
  const started = new Date();
  let reported = false;
  try {
    const { flags } = await withCurrent(given, io);
    return await checkDevnet({ ...flags, junit }, io, () => (reported = true));
  } catch (error) {
    // Whatever stopped the check before its report was written is the report: CI reads the file.
    if (junit !== undefined && !reported) await writeErrorReport(junit, error, given, started, io);
    throw error;
  }
}

async function writeErrorReport(file: string, error: unknown, flags: CheckFlags, started: Date, io: Io): Promise<void> {
  const known = error instanceof DevnetError;
  const failure = {
    type: error instanceof Error ? error.constructor.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    details: known ? error.details : [],
    hint: known ? error.hint : 'this is a bug in devnet; the terminal shows its stack trace',
  };
  const suite = { devnet: flags.profile, version: version(), hostname: hostname(), started };
  try {
    await writeAtomic(file, junitErrorXml(failure, suite, Date.now() - started.getTime()));
  } catch (writeError) {
    io.stderr.write(`could not write the JUnit report ${file}: ${writeError instanceof Error ? writeError.message : String(writeError)}\n`);
  }
}

async function checkDevnet(flags: CheckFlags, io: Io, onReport: () => void): Promise<Outcome[]> {
  const loaded = await loadProfile(flags, io.cwd, 'existing');
  const t = theme(io.env, io.stderr);
  const lines = commandLines(flags, targetOf(loaded.topology.cluster, flags, io));
  const scenario = flags.scenario === undefined ? undefined : await loadScenario(flags.scenario, loaded, io.cwd, lines);
  const { assertions, notes } = scenario === undefined ? assertionsFor(loaded, flags, lines) : { assertions: [], notes: [] };
  if (assertions.length === 0 && scenario === undefined) {
    throw new UserError(`There is nothing to check for devnet ${loaded.profile.name}.`, { details: notes, hint: 'add checks.assertions to the profile, or pass --log, --metric, --http or --grpc' });
  }
  const { kube, target } = await openDevnet(flags, io, 'check');
  for (const note of notes) io.stderr.write(`${t.dim(`  ${note}`)}\n`);
  const what = scenario === undefined ? `${assertions.length} assertion${assertions.length === 1 ? '' : 's'}` : `scenario ${scenario.scenario.name}`;
  io.stderr.write(`${t.dim(`checking devnet ${loaded.profile.name} (${what}, context ${kube.context})`)}\n`);
  const client = networkClient(loaded, io);
  const ctx: CheckContext = { kube, loaded, host: hostOf(loaded), signal: io.signal, ...(client === undefined ? {} : { client }) };
  const started = new Date();
  // A retried assertion says now and then that it still waits, and on what: minutes of silence read as a hang.
  const still = (a: Assertion) => (line: string) => io.stderr.write(`${t.dim(`  ${a.name}: ${line}`)}\n`);
  const outcomes =
    scenario === undefined
      ? await Promise.all(assertions.map((a) => runOne(a, { ...ctx, still: still(a) }).then((o) => (report(o, flags.json, io), o))))
      : await runScenario(scenario, {
          ctx: { ...ctx, still: (line) => io.stderr.write(`${t.dim(`  ${line}`)}\n`) },
          chaos: { kube, loaded, target, env: { ...io.env }, signal: io.signal },
          lines,
          host: hostOf(loaded),
          io,
          json: flags.json,
          report: (o) => report(o, flags.json, io),
        });
  if (io.signal.aborted) throw new InterruptedError('Interrupted; the checks that finished are shown above.');
  const sum = totals(outcomes);
  if (!flags.json) io.stdout.write(`${summaryLine(sum, theme(io.env, io.stdout))}\n`);
  else io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'summary', devnet: loaded.profile.name, ...sum })}\n`);
  if (flags.junit !== undefined) {
    const info = { devnet: loaded.profile.name, network: loaded.profile.network, context: kube.context, version: version(), hostname: hostname(), started };
    await writeAtomic(flags.junit, junitXml(outcomes, info, Date.now() - started.getTime()));
    onReport();
  }
  if (sum.failed > 0) await failed(flags, io, outcomes, loaded.profile.name, lines);
  return outcomes;
}

function assertionsFor(loaded: LoadedProfile, flags: CheckFlags, lines: CommandLines): { assertions: Assertion[]; notes: string[] } {
  const notes: string[] = [];
  const host = hostOf(loaded);
  const builtin = flags.builtin ? builtinAssertions(loaded, lines) : { assertions: [], note: 'built-in checks are off (--no-builtin)' };
  if (builtin.note !== undefined) notes.push(builtin.note);
  const fromProfile = flags.declared ? loaded.profile.checks.assertions.map((c, i) => declaredAssertion(c, 'profile', i, loaded.topology, host, lines)) : [];
  const fromFlags = flagAssertions(flags, loaded.topology).map((c, i) => declaredAssertion(c, 'flag', i, loaded.topology, host, lines));
  return { assertions: [...builtin.assertions, ...fromProfile, ...fromFlags], notes };
}

async function runOne(assertion: Assertion, ctx: CheckContext): Promise<Outcome> {
  const started = performance.now();
  const { run: _run, ...described } = assertion;
  let result;
  try {
    result = await assertion.run(ctx);
  } catch (error) {
    // An assertion that could not be measured has failed; the reason is what was seen.
    result = { status: 'failed' as const, seen: `could not be measured: ${error instanceof Error ? error.message : String(error)}`, measurements: [] };
  }
  return { ...described, ...result, durationMs: Math.round(performance.now() - started) };
}

function report(outcome: Outcome, json: boolean, io: Io): void {
  if (json) io.stdout.write(`${JSON.stringify(outcomeEvent(outcome, new Date()))}\n`);
  else io.stdout.write(`${outcomeLines(outcome, theme(io.env, io.stdout)).join('\n')}\n`);
}

function hostOf(loaded: LoadedProfile): string {
  const listen = loaded.topology.cluster.listenAddress;
  return listen === '0.0.0.0' ? '127.0.0.1' : listen;
}

async function failed(flags: CheckFlags, io: Io, outcomes: Outcome[], devnet: string, lines: CommandLines): Promise<never> {
  const failedCount = outcomes.filter((o) => o.status === 'failed').length;
  let bundled: string | undefined;
  if (flags.bundleOnFailure !== undefined) {
    const { runBundle } = await import('../bundle/index.js');
    bundled = (await runBundle({ ...flags, out: flags.bundleOnFailure, quiet: flags.json }, io)).file;
  }
  throw new CheckFailedError(`${failedCount} of ${outcomes.length} assertion${outcomes.length === 1 ? '' : 's'} about devnet ${devnet} failed.`, {
    details: outcomes.filter((o) => o.status === 'failed').map((o) => `${o.name}: ${o.seen}`),
    hint: bundled !== undefined ? `everything needed to debug it offline is in ${bundled}` : `look where each failure points; ${lines.devnet(`bundle --out devnet-${devnet}.tar.gz`)} keeps the logs and state for later`,
  });
}
