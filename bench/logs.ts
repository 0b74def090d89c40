/**
 * `devnet logs -f` on the test control plane: how long a line takes from the container's log file
 * (written the way KWOK's kubelet serves it) to devnet's stdout. Two pods followed by one child
 * process; each sample writes one line and waits for it, one after the other.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kube, type LiveObject } from '../src/kube/client.js';
import { Informer } from '../src/kube/informer.js';
import type { PodObject } from '../src/kube/conditions.js';
import { waitFor } from '../src/kube/wait.js';
import { labels, selector } from '../src/render/labels.js';
import { appendPodLog } from '../test/cluster/support/pod-logs.js';
import { benchCluster } from './control-plane.js';
import { millis, percentile, row, spread } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLES = Number(process.env.LOGS_BENCH_SAMPLES ?? 30);

export async function runLogsBench(): Promise<string[]> {
  const { controlPlane } = await benchCluster();
  const kube = Kube.connect({ kubeconfig: controlPlane.kubeconfigPath });
  const devnet = `lb${randomBytes(3).toString('hex')}`;
  const namespace = `${devnet}-val-0`;
  const podLabels = labels({ devnet, network: 'linera', validator: 0, component: 'shards' });
  const ns: LiveObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: labels({ devnet, network: 'linera', validator: 0 }) } };
  const shards: LiveObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'shards', namespace, labels: podLabels },
    spec: { replicas: 2, serviceName: 'shards', selector: { matchLabels: selector(devnet, 'shards') }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'server', image: 'example.org/shard:1' }] } } },
  };
  for (const object of [ns, shards]) await kube.apply(object);
  const controller = new AbortController();
  const pods = new Informer<PodObject>(kube, 'v1', 'Pod', { namespace });
  await pods.start(controller.signal);
  await waitFor(pods, (all) => all.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === 2, controller.signal);
  pods.stop();
  for (const pod of ['shards-0', 'shards-1']) await appendPodLog(controlPlane.stateDir, namespace, pod, 'server', ['started']);

  const args = ['logs', '-f', '-p', 'linera', '--set', `name=${devnet}`, '--validators', '1', '--kubeconfig', controlPlane.kubeconfigPath, '--context', kube.context];
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'devnet.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const arrivals = new Map<string, () => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const [needle, arrived] of arrivals) if (output.includes(needle)) arrived();
  });
  const arrival = (needle: string) => new Promise<void>((resolve) => arrivals.set(needle, () => (arrivals.delete(needle), resolve())));
  try {
    await arrival('server │ started');
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const line = `sample ${i} ${randomBytes(4).toString('hex')}`;
      const arrived = arrival(line);
      const written = performance.now();
      await appendPodLog(controlPlane.stateDir, namespace, `shards-${i % 2}`, 'server', [line]);
      await arrived;
      latencies.push(performance.now() - written);
    }
    return [
      `devnet logs -f, 2 pods on the test control plane (a child process already following; KWOK serves the log files)`,
      row(`line written -> printed by devnet logs -f`, spread(latencies, millis)),
      row(`  95th percentile of ${SAMPLES}`, millis(percentile(latencies, 95)), '<= 1000 ms'),
    ];
  } finally {
    child.kill('SIGINT');
    await once(child, 'close');
    controller.abort();
    await kube.delete('v1', 'Namespace', undefined, namespace).catch(() => false);
  }
}
