/**
 * devnet chaos: stop, start, kill, partition and degrade validators of a running devnet; say what
 * is in force; take everything out. Each fault is confirmed (a watch of the pods, or a probe from
 * the kind node) before the command says it took hold.
 */
import { InterruptedError } from '../../errors/index.js';
import { theme } from '../../output/theme.js';
import type { Io } from '../../system/io.js';
import { sleep } from '../../system/sleep.js';
import { parseDuration } from '../../networks/duration.js';
import type { ProfileFlags } from '../load-profile.js';
import { openDevnet } from '../open-devnet.js';
import type { ClusterFlags } from '../target.js';
import { applyFault, clearAll, faultsOn, rulesInNodes, undoFault, type FaultRequest } from './actions.js';
import type { ChaosContext } from './context.js';
import { readFaults } from './record.js';
import { describeFault } from './words.js';
import { playSchedule, type ScheduleEvent } from './schedule.js';
import { describeEntry } from './words.js';
import { UserError } from '../../errors/index.js';
import { loadProfile, type LoadedProfile } from '../load-profile.js';
import type { Theme } from '../../output/theme.js';

export interface ChaosFlags extends ProfileFlags, ClusterFlags {
  json: boolean;
}

export async function contextOf(flags: ChaosFlags, io: Io, command: string): Promise<ChaosContext> {
  const { loaded, target, kube } = await openDevnet(flags, io, command);
  return { kube, loaded, target, env: { ...io.env }, signal: io.signal };
}

const seconds = (since: number) => Math.round(performance.now() - since);

/** Applies one fault; with a duration, waits it out and undoes it (also on Ctrl-C). */
export async function runChaosFault(flags: ChaosFlags, request: FaultRequest, io: Io): Promise<void> {
  const ctx = await contextOf(flags, io, `chaos ${request.action}`);
  const t = theme(io.env, io.stdout);
  const started = performance.now();
  const applied = await applyFault(ctx, request);
  const event = { event: 'chaos', action: request.action, target: applied.fault?.target ?? request.target, id: applied.fault?.id, value: applied.fault?.value, confirmation: applied.confirmation, durationMs: seconds(started) };
  if (flags.json) io.stdout.write(`${JSON.stringify(event)}\n`);
  else io.stdout.write(`${t.ok('✔')} ${applied.summary}: ${applied.confirmation}\n`);
  const fault = applied.fault;
  if (fault === undefined || request.forSeconds === undefined) {
    if (fault !== undefined && !flags.json) io.stdout.write(`${t.dim(`  it stays until devnet chaos ${fault.action === 'stop' ? `start ${fault.target}` : 'clear'}`)}\n`);
    return;
  }
  if (!flags.json) io.stdout.write(`${t.dim(`  for ${request.forSeconds}s; Ctrl-C undoes it now`)}\n`);
  const interrupted = await sleep(request.forSeconds * 1000, io.signal).then(() => false, () => true);
  // The undo runs after a Ctrl-C too: with a signal of its own, not the one that was just aborted.
  const undoCtx = { ...ctx, signal: AbortSignal.timeout(300_000) };
  const said = await undoFault(undoCtx, fault);
  if (flags.json) io.stdout.write(`${JSON.stringify({ event: 'chaos-undone', action: fault.action, target: fault.target, id: fault.id, confirmation: said })}\n`);
  else io.stdout.write(`${t.ok('✔')} undone ${describeFault(fault)}: ${said}\n`);
  if (interrupted) throw new InterruptedError(`Interrupted: ${describeFault(fault)} undone early.`);
}

/** Starts what `chaos stop` stopped: the components of `target`, or every stopped one. */
export async function runChaosStart(flags: ChaosFlags, target: string | undefined, io: Io): Promise<void> {
  const ctx = await contextOf(flags, io, 'chaos start');
  const t = theme(io.env, io.stdout);
  const stopped = await faultsOn(ctx, 'stop', target);
  if (stopped.length === 0) {
    if (flags.json) io.stdout.write(`${JSON.stringify({ event: 'chaos-start', started: [] })}\n`);
    else io.stdout.write(`${t.ok('✔')} Nothing ${target === undefined ? '' : `of ${target} `}is stopped by devnet chaos.\n`);
    return;
  }
  const started = [];
  for (const fault of stopped) {
    const said = await undoFault(ctx, fault);
    started.push({ target: fault.target, id: fault.id, confirmation: said });
    if (!flags.json) io.stdout.write(`${t.ok('✔')} ${fault.target} started: ${said}\n`);
  }
  if (flags.json) io.stdout.write(`${JSON.stringify({ event: 'chaos-start', started })}\n`);
}

/** What is in force: the record, and the rules read back from the nodes. */
export async function runChaosStatus(flags: ChaosFlags, io: Io): Promise<void> {
  const ctx = await contextOf(flags, io, 'chaos status');
  const faults = await readFaults(ctx.kube, ctx.loaded.profile.name, ctx.signal);
  const rules = await rulesInNodes(ctx);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ devnet: ctx.loaded.profile.name, faults, rules }, null, 2)}\n`);
    return;
  }
  const t = theme(io.env, io.stdout);
  if (faults.length === 0 && rules.length === 0) {
    io.stdout.write(`No fault is in force on devnet ${ctx.loaded.profile.name}.\n`);
    return;
  }
  for (const f of faults) {
    io.stdout.write(`${t.warning('●')} ${describeFault(f)} ${t.dim(`since ${f.startedAt}${f.until === undefined ? '' : `, until ${f.until}`} (${f.id})`)}\n`);
    if (f.measured !== undefined) io.stdout.write(`    ${t.dim(f.measured)}\n`);
  }
  const policies = rules.some((r) => r.rule.startsWith('NetworkPolicy '));
  const where = ctx.target.provider !== 'kind' ? 'NetworkPolicies devnet chaos made, by namespace' : `Rules in the kind node's pod namespaces${policies ? ' (NetworkPolicies by namespace)' : ''}`;
  if (rules.length > 0) io.stdout.write(`${where}:\n${rules.map((r) => `  ${r.pod}: ${r.rule}`).join('\n')}\n`);
}

/** Undoes every fault, and checks in the nodes that no rule is left. */
export async function runChaosClear(flags: ChaosFlags, io: Io): Promise<void> {
  const ctx = await contextOf(flags, io, 'chaos clear');
  const { undone, swept } = await clearAll(ctx);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ event: 'chaos-clear', undone: undone.map((u) => ({ action: u.fault.action, target: u.fault.target, id: u.fault.id, confirmation: u.said })), swept })}\n`);
    return;
  }
  const t = theme(io.env, io.stdout);
  for (const u of undone) io.stdout.write(`${t.ok('✔')} undone ${describeFault(u.fault)}: ${u.said}\n`);
  const kind = ctx.target.provider === 'kind';
  if (swept > 0) io.stdout.write(`${t.ok('✔')} removed devnet's rules the record did not know ${kind ? `from ${swept} pod${swept === 1 ? '' : 's'}` : `(${swept} NetworkPolic${swept === 1 ? 'y' : 'ies'})`}\n`);
  io.stdout.write(`${t.ok('✔')} No fault is in force on devnet ${ctx.loaded.profile.name} (${kind ? 'checked in the kind node' : 'no NetworkPolicy of devnet chaos is left'}).\n`);
}

/** One line per schedule event, for a terminal: what happened, when, and the proof. */
export function scheduleLine(event: ScheduleEvent, t: Theme): string {
  const when = t.dim(`[${event.atSeconds.toFixed(1)}s]`);
  return event.event === 'chaos' ? `${when} ${t.warning('●')} ${event.summary}: ${event.confirmation}` : `${when} ${t.ok('✔')} undone ${event.summary}: ${event.confirmation}`;
}

/** Plays the profile's chaos: schedule against the running devnet; the events go to stdout (NDJSON with --json). */
export async function playProfileSchedule(ctx: ChaosContext, loaded: LoadedProfile, json: boolean, io: Io): Promise<void> {
  const entries = loaded.profile.chaos;
  const t = theme(io.env, io.stdout);
  const last = entries.reduce((end, e) => Math.max(end, parseDurationOrZero(e.at) + parseDurationOrZero(e.for)), 0);
  if (!json) io.stdout.write(`${t.bold(`Playing the chaos: schedule of ${loaded.file}`)} ${t.dim(`(${entries.length} fault${entries.length === 1 ? '' : 's'}, about ${last}s; Ctrl-C undoes the timed ones)`)}\n`);
  await playSchedule(ctx, entries, (event) => io.stdout.write(json ? `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n` : `${scheduleLine(event, t)}\n`));
}

const parseDurationOrZero = (text: string | undefined) => (text === undefined ? 0 : parseDuration(text));

/** devnet chaos run: the profile's schedule, again, against the devnet that runs. */
export async function runChaosRun(flags: ChaosFlags, io: Io): Promise<void> {
  // Refused before any cluster is asked: the profile alone says there is nothing to play.
  const { profile, file } = await loadProfile(flags, io.cwd);
  if (profile.chaos.length === 0) {
    throw new UserError(`${file} has no chaos: schedule to play.`, { hint: `add one, e.g.\n  chaos:\n    - { at: 30s, for: 1m, action: stop, target: validator-${Math.max(0, profile.validators - 1)} }\nor put faults in by hand with devnet chaos stop|partition|loss …` });
  }
  const ctx = await contextOf(flags, io, 'chaos run');
  if (!flags.json) for (const entry of ctx.loaded.profile.chaos) io.stdout.write(`  ${describeEntry(entry)}\n`);
  await playProfileSchedule(ctx, ctx.loaded, flags.json, io);
}
