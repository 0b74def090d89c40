/** `devnet up` as a command: run up, then hand the terminal to the dashboard when there is one. */
import type { Io } from '../system/io.js';
import type { ProfileFlags } from './load-profile.js';
import type { ClusterFlags } from './target.js';
import { runUp, type UpFlags } from './up/index.js';

export async function runUpCommand(flags: ProfileFlags & ClusterFlags & UpFlags, io: Io): Promise<void> {
  const result = await runUp(flags, io);
  const interactive = flags.dashboard && !flags.json && io.stdout.isTTY === true && io.stderr.isTTY === true;
  if (!interactive) return;
  const { runDashboard } = await import('./dashboard.js');
  // The devnet just brought up, by the flags up was given (its default profile included).
  await runDashboard({ ...flags, profileGiven: true }, io, result.phases);
}
