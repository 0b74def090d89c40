/**
 * A sandbox for running the real devnet CLI against the test control plane: fake `kind` and
 * `docker` first on PATH (kind's "clusters" are the control plane), and private state and cache
 * directories, all removed when the test finishes.
 */
import './provided.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { fakeBin, type FakeBin, type FakeCall } from '../../support/fake-bin.js';
import { runCli, type CliResult } from '../../support/run-cli.js';

export interface DevnetEnv {
  bin: FakeBin;
  home: string;
  env: Record<string, string>;
  devnet(args: string[], options?: { signal?: AbortSignal; env?: Record<string, string>; cwd?: string }): Promise<CliResult>;
  /**
   * The Linera tools devnet ran in a container (keys, genesis, the wallet's storage), in order. Not
   * every docker call: up also asks Docker about the machine, the image caches (detached containers,
   * `docker run -d`) and the node's images (`docker exec … crictl`).
   */
  toolRuns(): FakeCall[];
}

/** `kubeconfig`: the control plane kind's clusters stand for (the shared one by default), whose pod logs `kind export logs` reads. */
export function devnetEnv(extra: Record<string, string> = {}, kubeconfig: string = inject('kubeconfig'), controlPlaneStateDir: string = inject('controlPlaneStateDir')): DevnetEnv {
  const home = mkdtempSync(join(tmpdir(), 'devnet-up-'));
  const bin = fakeBin(['kind', 'docker'], {
    FAKE_KIND_STATE: join(home, 'kind-clusters.json'),
    FAKE_KIND_KUBECONFIG: kubeconfig,
    FAKE_KIND_POD_LOGS: join(controlPlaneStateDir, 'podlogs'),
    DEVNET_STATE_DIR: join(home, 'state'),
    DEVNET_CACHE_DIR: join(home, 'cache'),
    ...extra,
  });
  onTestFinished(() => {
    bin.cleanup();
    rmSync(home, { recursive: true, force: true });
  });
  const env = { ...bin.env };
  return {
    bin,
    home,
    env,
    toolRuns: () => bin.calls('docker').filter((c) => c.args[0] === 'run' && !c.args.includes('-d')),
    devnet: (args, options = {}) => runCli(args, { env: { ...env, ...options.env }, ...(options.signal ? { signal: options.signal } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) }),
  };
}

/** `devnet down` with the same arguments once the test finishes, whatever happened in it. */
export function downAtEnd(env: DevnetEnv, args: string[]): void {
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
}
