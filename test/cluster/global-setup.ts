/**
 * One control plane for the whole cluster tier: built (or taken from the cache), started, handed
 * to the tests through `inject('kubeconfig')` / `inject('controlPlaneStateDir')`, stopped after.
 */
import './support/provided.js';
import type { TestProject } from 'vitest/node';
import { ensureBinaries, startControlPlane } from '../controlplane/index.js';
import { formatDuration } from '../support/format-duration.js';

const say = (message: string) => process.stderr.write(`[control plane] ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const build = await ensureBinaries({ onProgress: say });
  say(build.built ? `binaries built in ${formatDuration(build.durationMs)}` : `binaries cached (${build.binDir})`);

  const started = Date.now();
  const controlPlane = await startControlPlane({ binDir: build.binDir, onProgress: say });
  const rss = Object.values(controlPlane.memory()).reduce((sum, bytes) => sum + bytes, 0);
  say(
    `API ready in ${(controlPlane.apiReadyMs / 1000).toFixed(1)}s, node Ready in ${((Date.now() - started) / 1000).toFixed(1)}s; ` +
      `resident memory ${Math.round(rss / 2 ** 20)} MiB`,
  );

  project.provide('kubeconfig', controlPlane.kubeconfigPath);
  project.provide('controlPlaneStateDir', controlPlane.stateDir);

  return async () => {
    const after = Object.values(controlPlane.memory()).reduce((sum, bytes) => sum + bytes, 0);
    say(`resident memory after the tests ${Math.round(after / 2 ** 20)} MiB; stopping`);
    const failed = project.vitest.state.getCountOfFailedTests() > 0;
    await controlPlane.stop({ failed });
  };
}
