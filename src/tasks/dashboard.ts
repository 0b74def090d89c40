/** devnet dashboard: the live view of a running devnet (filled in with the log engine). */
import type { Io } from '../system/io.js';
import type { ProfileFlags } from './load-profile.js';
import type { ClusterFlags } from './target.js';

export async function runDashboard(_flags: ProfileFlags & ClusterFlags, _io: Io, _phases: { name: string; seconds: number }[]): Promise<void> {
  throw new Error('the dashboard is not wired yet');
}
