/**
 * Fault images make a pod report what a kubelet reports for the three failures devnet diagnoses.
 */
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { crashLoopLog, FAULT_IMAGES } from '../controlplane/index.js';
import { clusterKubeConfig, freshNamespace, waitFor } from './support/kube.js';
import { readPodLog } from './support/pod-logs.js';

const kc = clusterKubeConfig();
const core = kc.makeApiClient(CoreV1Api);

/** Starts watching before the pod exists, so every status the pod goes through is seen. */
function watchPod<R>(namespace: string, name: string, check: (pod: V1Pod) => R | undefined, what: string): Promise<R> {
  const ref = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace, fieldSelector: `metadata.name=${name}` };
  return waitFor(kc, ref, (pods: readonly V1Pod[]) => (pods[0] === undefined ? undefined : check(pods[0])), what);
}

async function createPod(namespace: string, name: string, image: string): Promise<void> {
  await core.createNamespacedPod({ namespace, body: { metadata: { name }, spec: { containers: [{ name: 'node', image }] } } });
}

const ready = (pod: V1Pod) => pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('fault images', () => {
  test('fault.invalid/image-pull stays Pending with ErrImagePull, then ImagePullBackOff, naming the image', async () => {
    const namespace = await freshNamespace(kc, 'pull');
    const image = `${FAULT_IMAGES.imagePull}:v1`;
    const reasons: string[] = [];
    const backOff = watchPod(namespace, 'validator-0', (pod) => {
      const reason = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (reason !== undefined && reasons.at(-1) !== reason) reasons.push(reason);
      return reason === 'ImagePullBackOff' ? pod : undefined;
    }, 'an ImagePullBackOff pod');
    await createPod(namespace, 'validator-0', image);

    const pod = await backOff;
    expect(reasons).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    expect(pod.status?.phase).toBe('Pending');
    expect(ready(pod)).toBe('False');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(`Back-off pulling image "${image}"`);
  });

  test('fault.invalid/crash-loop runs but is not ready, in CrashLoopBackOff after exit code 1, with a previous log', async () => {
    const namespace = await freshNamespace(kc, 'crash');
    const image = FAULT_IMAGES.crashLoop;
    const crashing = watchPod(namespace, 'validator-0', (pod) =>
      pod.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? pod : undefined,
    'a CrashLoopBackOff pod');
    await createPod(namespace, 'validator-0', image);

    const pod = await crashing;
    const status = pod.status?.containerStatuses?.[0];
    expect(pod.status?.phase).toBe('Running');
    expect(ready(pod)).toBe('False');
    expect(status?.ready).toBe(false);
    expect(status?.restartCount).toBeGreaterThan(0);
    expect(status?.lastState?.terminated?.exitCode).toBe(1);
    expect(await readPodLog(kc, namespace, 'validator-0', 'node', true)).toBe(`${crashLoopLog(image).join('\n')}\n`);
  });

  test('fault.invalid/never-ready runs but never becomes Ready', async () => {
    const namespace = await freshNamespace(kc, 'unready');
    const running = watchPod(namespace, 'validator-0', (pod) => (pod.status?.phase === 'Running' ? pod : undefined), 'a Running pod');
    await createPod(namespace, 'validator-0', FAULT_IMAGES.neverReady);

    const pod = await running;
    const status = pod.status?.containerStatuses?.[0];
    expect(status?.state?.running).toBeDefined();
    expect(status?.ready).toBe(false);
    expect(status?.restartCount).toBe(0);
    expect(ready(pod)).toBe('False');
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('ContainersNotReady');
  });

  test('an ordinary image next to the fault pods still becomes Ready', async () => {
    const namespace = await freshNamespace(kc, 'healthy');
    const readyPod = watchPod(namespace, 'validator-0', (pod) => (ready(pod) === 'True' ? pod : undefined), 'a Ready pod');
    await createPod(namespace, 'validator-0', 'example.org/fault.invalid/crash-loop:1');

    const pod = await readyPod;
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0 });
  });
});
