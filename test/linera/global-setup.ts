/**
 * The real-Linera tier: the Linera binaries built from crates.io at the pinned version (built here
 * first when the cache has none, with progress: this tier never skips), and a control plane of its
 * own for `devnet up` to deploy into.
 */
import '../cluster/support/provided.js';
import type { TestProject } from 'vitest/node';
import { ensureBinaries, formatDuration, startControlPlane } from '../controlplane/index.js';
import { ensureLinera } from './build.js';
import { reapAbandoned, requireRoot } from './support/netns.js';

const say = (message: string) => process.stderr.write(`[real Linera] ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireRoot();
  const reaped = reapAbandoned();
  if (reaped.length > 0) say(`removed the pod networks of runs that were killed: ${reaped.join(', ')}`);
  const linera = await ensureLinera(say);
  say(linera.built ? `binaries built in ${formatDuration(linera.durationMs)}` : `binaries cached (${linera.binDir})`);
  const build = await ensureBinaries({ onProgress: say });
  const controlPlane = await startControlPlane({ binDir: build.binDir, onProgress: say });
  project.provide('kubeconfig', controlPlane.kubeconfigPath);
  project.provide('controlPlaneStateDir', controlPlane.stateDir);
  project.provide('lineraBin', linera.binDir);
  return async () => {
    await controlPlane.stop({ failed: project.vitest.state.getCountOfFailedTests() > 0 });
  };
}
