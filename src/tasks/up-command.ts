/**
 * `devnet up` as a command: run up, play the profile's chaos: schedule when it has one, then hand
 * the terminal to the dashboard when there is one (the schedule then plays behind it).
 */
import { theme } from '../output/theme.js';
import type { Io } from '../system/io.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import type { ClusterFlags } from './target.js';
import { runUp, type UpFlags } from './up/index.js';

export async function runUpCommand(flags: ProfileFlags & ClusterFlags & UpFlags, io: Io): Promise<void> {
  const result = await runUp(flags, io);
  const interactive = flags.dashboard && !flags.json && io.stdout.isTTY === true && io.stderr.isTTY === true;
  const schedule = flags.chaos ? await scheduleOf(flags, io) : undefined;
  if (!interactive) {
    if (schedule !== undefined) await schedule.play(io);
    return;
  }
  const { runDashboard } = await import('./dashboard.js');
  // The devnet just brought up, by the flags up was given (its default profile included).
  if (schedule === undefined) {
    await runDashboard({ ...flags, profileGiven: true }, io, result.phases);
    return;
  }
  // Behind the dashboard the schedule writes nothing on the terminal: the dashboard shows the faults
  // from their record, and what the schedule did is printed once it is left. Leaving stops it.
  const lines: string[] = [];
  const controller = new AbortController();
  const quiet = { ...io, signal: AbortSignal.any([io.signal, controller.signal]), stdout: { write: (text: string) => (lines.push(text), true), isTTY: false } } as Io;
  const playing = schedule.play(quiet).then(() => undefined, (error: unknown) => error);
  try {
    await runDashboard({ ...flags, profileGiven: true }, io, result.phases);
  } finally {
    controller.abort();
    const failed = await playing;
    io.stderr.write(lines.join(''));
    if (failed !== undefined && !controller.signal.aborted) io.stderr.write(`${theme(io.env, io.stderr).warning('warning')} the chaos: schedule stopped: ${failed instanceof Error ? failed.message : String(failed)}\n`);
  }
}

/** The profile's schedule, ready to play against the devnet up made; undefined when it has none. */
async function scheduleOf(flags: ProfileFlags & ClusterFlags & UpFlags, io: Io): Promise<{ play: (io: Io) => Promise<void> } | undefined> {
  // The profile alone says whether there is a schedule: an up without one asks the cluster nothing more.
  const { profile } = await loadProfile(flags, io.cwd);
  if (profile.chaos.length === 0) return undefined;
  const { contextOf, playProfileSchedule } = await import('./chaos/index.js');
  const ctx = await contextOf({ ...flags, profileGiven: true, json: flags.json }, io, 'up');
  return { play: (out) => playProfileSchedule({ ...ctx, signal: out.signal }, ctx.loaded, flags.json, out) };
}
