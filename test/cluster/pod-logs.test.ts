/**
 * Pod logs go through the real pods/log API (apiserver -> KWOK's fake kubelet -> the log files the
 * tests write), so devnet's log views can be tested against what `kubectl logs` would show.
 */
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { clusterKubeConfig, controlPlaneStateDir, freshNamespace, waitFor } from './support/kube.js';
import { appendPodLog, followPodLog, readPodLog, restartContainer } from './support/pod-logs.js';

const kc = clusterKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const stateDir = controlPlaneStateDir();

async function readyPod(namespace: string, name: string): Promise<void> {
  await core.createNamespacedPod({
    namespace,
    body: { metadata: { name }, spec: { containers: [{ name: 'node', image: 'example.org/node:1' }] } },
  });
  await waitFor(kc, { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace, fieldSelector: `metadata.name=${name}` }, (pods: readonly V1Pod[]) =>
    pods[0]?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined,
  `pod ${name} to be Ready`);
}

describe('pod logs', () => {
  test('a pod that is Ready serves its log, and a followed log delivers a line written after it opened', async () => {
    const namespace = await freshNamespace(kc, 'logs');
    await readyPod(namespace, 'validator-0');
    await appendPodLog(stateDir, namespace, 'validator-0', 'node', ['booting', 'listening on :8080']);

    expect(await readPodLog(kc, namespace, 'validator-0', 'node')).toBe('booting\nlistening on :8080\n');

    const followed = await followPodLog(kc, namespace, 'validator-0', 'node');
    try {
      // Once the existing lines arrived the stream is open; only then write the new one.
      await followed.waitFor('listening on :8080\n', 5000);
      await appendPodLog(stateDir, namespace, 'validator-0', 'node', ['block 1 finalized'], { stream: 'stderr' });
      // How soon it arrives is measured by `npm run bench` (BENCH=logs); here it must arrive at all.
      await followed.waitFor('block 1 finalized\n', 10_000);
      expect(followed.text()).toBe('booting\nlistening on :8080\nblock 1 finalized\n');
    } finally {
      followed.stop();
    }
  });

  test('after a container restart, previous=true returns the old container log and the status says so', async () => {
    const namespace = await freshNamespace(kc, 'restart');
    await readyPod(namespace, 'validator-1');
    await appendPodLog(stateDir, namespace, 'validator-1', 'node', ['first run', 'panic: out of sync']);

    const pod = await restartContainer(stateDir, namespace, 'validator-1', 'node', { exitCode: 2, reason: 'Error' });
    await appendPodLog(stateDir, namespace, 'validator-1', 'node', ['second run']);

    expect(await readPodLog(kc, namespace, 'validator-1', 'node', true)).toBe('first run\npanic: out of sync\n');
    expect(await readPodLog(kc, namespace, 'validator-1', 'node')).toBe('second run\n');
    const status = pod.status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(1);
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(status?.state?.running).toBeDefined();

    // What a client reading the pod later sees: KWOK did not put its own status back.
    const reread = await core.readNamespacedPodStatus({ name: 'validator-1', namespace });
    expect(reread.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(reread.status?.phase).toBe('Running');
  });
});
