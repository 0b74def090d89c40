/**
 * `devnet up` against the test control plane (fake kind, substrate profile, 2 validators × 2
 * nodes) compared with what a shell script would do: `devnet render` into a file, `kubectl apply
 * --server-side`, then `kubectl rollout status` for each StatefulSet in turn.
 *
 * Both sides run the same way: child processes started from here, the objects prepared inside the
 * timer (devnet up renders them itself; the script runs `devnet render`), one warm-up run of each
 * that is not counted, then interleaved runs (the order alternates) so drift hits both equally.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { Kube } from '../src/kube/client.js';
import { Informer } from '../src/kube/informer.js';
import type { PodObject } from '../src/kube/conditions.js';
import { fakeBin } from '../test/support/fake-bin.js';
import { mustRun } from './child.js';
import { benchCluster } from './control-plane.js';
import { median, millis, row, spread } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'devnet.js');
const RUNS = Math.max(5, Number(process.env.UP_BENCH_RUNS ?? 5));
const PODS = 4;

interface Sample {
  totalMs: number;
  /** From the last pod turning Ready to the tool saying so. */
  readyLagMs: number;
  requests?: number;
}

/** Records when each pod of a devnet is first seen Ready, from this process. */
async function readyTimes(kube: Kube, devnet: string): Promise<() => number> {
  const controller = new AbortController();
  const pods = new Informer<PodObject>(kube, 'v1', 'Pod', { labelSelector: `app.kubernetes.io/instance=${devnet}` });
  const readyAt = new Map<string, number>();
  pods.onChange((_, pod) => {
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
    if (!readyAt.has(key) && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) readyAt.set(key, performance.now());
  });
  await pods.start(controller.signal);
  return () => {
    pods.stop();
    controller.abort();
    if (readyAt.size < PODS) throw new Error(`only ${readyAt.size} of ${PODS} pods of ${devnet} were seen Ready`);
    return Math.max(...readyAt.values());
  };
}

const profileArgs = (name: string) => ['-p', 'substrate', '--set', `name=${name}`, '--set', 'cluster.name=bench', '--seed', 'bench'];

async function devnetUp(kube: Kube, env: Record<string, string>, name: string): Promise<Sample> {
  const lastReady = await readyTimes(kube, name);
  let reportedAt = 0;
  let requests: number | undefined;
  const started = performance.now();
  const run = await mustRun(process.execPath, [BIN, 'up', ...profileArgs(name), '--no-dashboard', '-o', 'json', '--skip-preflight'], {
    env,
    cwd: ROOT,
    onLine: (line, at) => {
      const event = JSON.parse(line) as { event?: string; apiRequests?: number };
      if (event.event !== 'ready') return;
      reportedAt = at;
      requests = event.apiRequests;
    },
  });
  const sample = { totalMs: run.endedAt - started, readyLagMs: reportedAt - lastReady(), ...(requests === undefined ? {} : { requests }) };
  await mustRun(process.execPath, [BIN, 'down', ...profileArgs(name)], { env, cwd: ROOT });
  return sample;
}

async function script(kube: Kube, kubectl: string, kubeconfig: string, name: string): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'devnet-bench-'));
  const file = join(dir, 'objects.yaml');
  const run = (args: string[]) => mustRun(kubectl, ['--kubeconfig', kubeconfig, ...args]);
  const lastReady = await readyTimes(kube, name);
  const started = performance.now();
  const rendered = await mustRun(process.execPath, [BIN, 'render', ...profileArgs(name), '--show-secrets', '--no-kind-config', '-o', 'yaml'], { cwd: ROOT });
  writeFileSync(file, rendered.stdout);
  await run(['apply', '--server-side', '--force-conflicts', '-f', file]);
  const objects = parseAllDocuments(rendered.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });
  const statefulSets = objects.filter((o) => o.kind === 'StatefulSet');
  if (statefulSets.length === 0) throw new Error('devnet render printed no StatefulSet the script could wait for');
  let finished = started;
  for (const sts of statefulSets) finished = (await run(['rollout', 'status', `statefulset/${sts.metadata.name}`, '-n', sts.metadata.namespace ?? '', '--timeout=120s'])).endedAt;
  const sample = { totalMs: finished - started, readyLagMs: finished - lastReady() };
  const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
  await run(['delete', 'namespace', ...namespaces, '--wait=true']);
  rmSync(dir, { recursive: true, force: true });
  return sample;
}

export async function runUpBench(): Promise<string[]> {
  const { controlPlane, kubectl } = await benchCluster();
  const kubeconfig = controlPlane.kubeconfigPath;
  const kube = Kube.connect({ kubeconfig });
  const home = mkdtempSync(join(tmpdir(), 'devnet-bench-home-'));
  const bin = fakeBin(['kind', 'docker'], { FAKE_KIND_STATE: join(home, 'kind.json'), FAKE_KIND_KUBECONFIG: kubeconfig, DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') });
  try {
    // Warm-up, not counted: the fake kind "cluster" exists afterwards, and both paths have been run once.
    await devnetUp(kube, bin.env, 'bench-warm');
    await script(kube, kubectl, kubeconfig, 'script-warm');
    const ups: Sample[] = [];
    const scripts: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const pair = [() => devnetUp(kube, bin.env, `bench-${i}`).then((s) => ups.push(s)), () => script(kube, kubectl, kubeconfig, `script-${i}`).then((s) => scripts.push(s))];
      for (const run of i % 2 === 0 ? pair : pair.reverse()) await run();
    }
    const ratio = median(scripts.map((s) => s.totalMs)) / median(ups.map((s) => s.totalMs));
    return [
      `devnet up vs a kubectl script, substrate 2 validators x 2 nodes on the test control plane (fake kind, KWOK pods: no images, no processes)`,
      `  warm: control plane and kind "cluster" exist, one uncounted run of each path; cold in every run: new Node.js and kubectl processes, new namespaces`,
      `  median (min–max) of ${RUNS} interleaved runs, each side a child process timed from spawn to its last command's exit`,
      row('devnet up (renders, applies, waits; --skip-preflight)', spread(ups.map((s) => s.totalMs))),
      row('devnet render + kubectl apply + rollout status per StatefulSet', spread(scripts.map((s) => s.totalMs))),
      row('last pod Ready -> devnet up prints ready', spread(ups.map((s) => s.readyLagMs), millis), '<= 250 ms'),
      row('last pod Ready -> the last rollout status exits', spread(scripts.map((s) => s.readyLagMs), millis)),
      row('API requests during one devnet up', String(ups[0]?.requests ?? '?')),
      row('script time / devnet up time (medians)', `${ratio.toFixed(2)}x`, '>= 1: not slower'),
    ];
  } finally {
    bin.cleanup();
    rmSync(home, { recursive: true, force: true });
  }
}
