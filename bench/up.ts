/**
 * `devnet up` against the test control plane (fake kind, substrate profile, 2 validators × 2
 * nodes): how long after the last pod turns Ready devnet reports ready, how many API requests one
 * up makes, and the same objects applied by `kubectl apply --server-side` + sequential
 * `kubectl rollout status`, the way a shell script would do it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, startControlPlane } from '../test/controlplane/index.js';
import { fakeBin } from '../test/support/fake-bin.js';
import { runCli } from '../test/support/run-cli.js';
import { load } from '../test/support/profiles.js';
import { readFileSync } from 'node:fs';
import { Kube } from '../src/kube/client.js';
import { Informer } from '../src/kube/informer.js';
import type { PodObject } from '../src/kube/conditions.js';
import { generateKeys } from '../src/networks/builtin-keys.js';
import { renderObjects } from '../src/render/index.js';
import { toYamlStream } from '../src/output/documents.js';
import { median, row } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.UP_BENCH_RUNS ?? 3);

interface UpRun {
  totalMs: number;
  readyLagMs: number;
  requests: number;
}

async function lastPodReady(kube: Kube, devnet: string, expected: number, signal: AbortSignal): Promise<() => number> {
  const pods = new Informer<PodObject>(kube, 'v1', 'Pod', { labelSelector: `app.kubernetes.io/instance=${devnet}` });
  const readyAt = new Map<string, number>();
  pods.onChange((_, pod) => {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (ready && !readyAt.has(pod.metadata.name + pod.metadata.namespace)) readyAt.set(pod.metadata.name + pod.metadata.namespace, performance.now());
  });
  await pods.start(signal);
  return () => {
    pods.stop();
    if (readyAt.size < expected) throw new Error(`only ${readyAt.size} of ${expected} pods were seen Ready`);
    return Math.max(...readyAt.values());
  };
}

async function devnetUp(kubeconfig: string, env: Record<string, string>, name: string): Promise<UpRun> {
  const kube = Kube.connect({ kubeconfig });
  const controller = new AbortController();
  const last = await lastPodReady(kube, name, 4, controller.signal);
  // One kind cluster for every run, created by a warm-up run: the comparison is deploying into an
  // existing cluster, which is what the kubectl baseline does.
  const args = ['-p', 'substrate', '--set', `name=${name}`, '--set', 'cluster.name=bench', '--seed', 'bench'];
  const started = performance.now();
  const result = await runCli(['up', ...args, '--no-dashboard', '--json', '--skip-preflight'], { env });
  const reportedAt = performance.now();
  if (result.code !== 0) throw new Error(result.stderr);
  const ready = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; apiRequests?: number }).find((e) => e.event === 'ready');
  const lastReady = last();
  await runCli(['down', ...args], { env });
  controller.abort();
  return { totalMs: reportedAt - started, readyLagMs: reportedAt - lastReady, requests: ready?.apiRequests ?? 0 };
}

async function baseline(kubectl: string, kubeconfig: string, name: string): Promise<number> {
  const { topology } = load(readFileSync(join(ROOT, 'profiles', 'substrate.yaml'), 'utf8'), [`name=${name}`]);
  if (topology.material.kind !== 'replica-keys') throw new Error('unexpected topology');
  const objects = renderObjects(topology, generateKeys(topology.material.keys, 'bench'), { showSecrets: true });
  const dir = mkdtempSync(join(tmpdir(), 'devnet-bench-'));
  const file = join(dir, 'objects.yaml');
  writeFileSync(file, toYamlStream(objects));
  // Asynchronous on purpose: the control plane's pod watcher runs in this process.
  const run = (args: string[]) => promisify(execFile)(kubectl, ['--kubeconfig', kubeconfig, ...args]);
  const started = performance.now();
  await run(['apply', '--server-side', '--force-conflicts', '-f', file]);
  for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
    await run(['rollout', 'status', `statefulset/${sts.metadata.name}`, '-n', sts.metadata.namespace ?? '', '--timeout=120s']);
  }
  const elapsed = performance.now() - started;
  await run(['delete', 'namespace', ...topology.namespaces.map((n) => n.name), '--wait=true']);
  rmSync(dir, { recursive: true, force: true });
  return elapsed;
}

export async function runUpBench(): Promise<string[]> {
  const binaries = await ensureBinaries({ onProgress: () => {} });
  const controlPlane = await startControlPlane({ binDir: binaries.binDir, onProgress: () => {} });
  const home = mkdtempSync(join(tmpdir(), 'devnet-bench-home-'));
  const bin = fakeBin(['kind', 'docker'], { FAKE_KIND_STATE: join(home, 'kind.json'), FAKE_KIND_KUBECONFIG: controlPlane.kubeconfigPath, DEVNET_STATE_DIR: join(home, 'state') });
  try {
    await devnetUp(controlPlane.kubeconfigPath, bin.env, 'bench-warmup');
    const runs: UpRun[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await devnetUp(controlPlane.kubeconfigPath, bin.env, `bench-${i}`));
      baselines.push(await baseline(join(binaries.binDir, 'kubectl'), controlPlane.kubeconfigPath, `base-${i}`));
    }
    const up = median(runs.map((r) => r.totalMs));
    const base = median(baselines);
    return [
      `devnet up into the existing test cluster (substrate, 2 validators x 2 nodes, fake kind; median of ${RUNS})`,
      row('last pod Ready -> devnet reports ready', `${median(runs.map((r) => r.readyLagMs)).toFixed(0)} ms`, '<= 250 ms'),
      row('API requests during one up', String(runs[0]?.requests ?? 0)),
      row('devnet up, whole run', `${(up / 1000).toFixed(2)} s`),
      row('kubectl apply --server-side + sequential rollout status', `${(base / 1000).toFixed(2)} s`),
      row('devnet compared with the kubectl baseline', `${(((base - up) / base) * 100).toFixed(0)}% ${up <= base ? 'faster' : 'SLOWER'}`, 'not slower'),
    ];
  } finally {
    bin.cleanup();
    rmSync(home, { recursive: true, force: true });
    await controlPlane.stop();
  }
}
