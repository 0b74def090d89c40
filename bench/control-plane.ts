/**
 * One test control plane (see test/controlplane/) for every bench section that needs a cluster,
 * started on first use and stopped when the run ends.
 */
import { ensureBinaries, startControlPlane, type ControlPlane } from '../test/controlplane/index.js';

export interface BenchCluster {
  controlPlane: ControlPlane;
  kubectl: string;
}

let started: Promise<BenchCluster> | undefined;

export function benchCluster(): Promise<BenchCluster> {
  started ??= (async () => {
    const binaries = await ensureBinaries({ onProgress: () => {} });
    const controlPlane = await startControlPlane({ binDir: binaries.binDir, onProgress: () => {} });
    return { controlPlane, kubectl: `${binaries.binDir}/kubectl` };
  })();
  return started;
}

export async function stopBenchCluster(): Promise<void> {
  if (started === undefined) return;
  const { controlPlane } = await started;
  started = undefined;
  await controlPlane.stop();
}
