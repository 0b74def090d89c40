/**
 * The harness itself: control planes run side by side, and nothing outlives them, not even a
 * run whose process was SIGKILLed.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ensureBinaries, startControlPlane } from '../controlplane/index.js';
import { isAlive } from '../support/process-alive.js';
import { clusterKubeConfig, freshNamespace } from './support/kube.js';

const shared = clusterKubeConfig();

describe('control plane harness', () => {
  test('a second control plane runs beside the shared one and leaves no process or state when stopped', async () => {
    const { binDir } = await ensureBinaries();
    const second = await startControlPlane({ binDir });
    const pids = second.components.map((c) => c.pid);
    try {
      expect(second.server).not.toBe(shared.getCurrentCluster()?.server);
      const namespace = await freshNamespace(shared, 'only-here');
      const kc = new KubeConfig();
      kc.loadFromFile(second.kubeconfigPath);
      const names = (await kc.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
      expect(names).toContain('default');
      expect(names).not.toContain(namespace);
    } finally {
      await second.stop();
    }
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(second.stateDir)).toBe(false);
  });

  test('the next start stops the components of a run that was SIGKILLed and removes its state', async () => {
    const { binDir } = await ensureBinaries();
    const script = fileURLToPath(new URL('./support/hold-control-plane.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, binDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = await Promise.race([
      createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]),
      new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)))),
    ]);
    const abandoned = JSON.parse(line ?? '{}') as { stateDir: string; pids: number[] };
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(abandoned.pids.filter(isAlive)).toHaveLength(5);

    const next = await startControlPlane({ binDir });
    await next.stop();

    expect(abandoned.pids.filter(isAlive)).toEqual([]);
    expect(existsSync(abandoned.stateDir)).toBe(false);
  });
});
