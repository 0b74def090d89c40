/**
 * A container restart as a kubelet reports it: the old container's log becomes the previous log,
 * the new container starts with an empty one, and the pod status shows restartCount + 1 with the
 * old container's termination in lastState. KWOK leaves this alone: none of its stages matches a
 * Running pod that is not being deleted.
 */
import { CoreV1Api, type KubeConfig, type V1ContainerStatus, type V1Pod } from '@kubernetes/client-node';
import { ControlPlaneError } from './errors.js';
import { mergePatch, statusCode } from './kube.js';
import { rotateContainerLog } from './pod-logs.js';

export interface Termination {
  exitCode: number;
  /** What the kubelet puts in lastState.terminated.reason, e.g. Error, OOMKilled, Completed. */
  reason: string;
  message?: string;
}

export async function restartContainerIn(
  kc: KubeConfig,
  stateDir: string,
  ref: { namespace: string; pod: string; container: string },
  termination: Termination,
): Promise<V1Pod> {
  const core = kc.makeApiClient(CoreV1Api);
  let rotated = false;
  for (let attempt = 1; ; attempt += 1) {
    const pod = await core.readNamespacedPod({ name: ref.pod, namespace: ref.namespace });
    const statuses = pod.status?.containerStatuses ?? [];
    const index = statuses.findIndex((s) => s.name === ref.container);
    const current = statuses[index];
    if (current === undefined) {
      throw new ControlPlaneError(`Pod ${ref.namespace}/${ref.pod} has no status for container ${ref.container} yet.`, {
        hint: 'Wait until the pod is Running before restarting one of its containers.',
      });
    }
    if (!rotated) {
      await rotateContainerLog(stateDir, ref.namespace, ref.pod, ref.container);
      rotated = true;
    }
    const next = statuses.map((s, i) => (i === index ? restarted(s, termination) : s));
    try {
      // resourceVersion makes the patch conditional, so a concurrent status change is not lost.
      return await core.patchNamespacedPodStatus(
        {
          name: ref.pod,
          namespace: ref.namespace,
          body: { metadata: { resourceVersion: pod.metadata?.resourceVersion }, status: { containerStatuses: next } },
        },
        mergePatch,
      );
    } catch (error) {
      if (statusCode(error) !== 409 || attempt >= 5) throw error;
    }
  }
}

function restarted(status: V1ContainerStatus, termination: Termination): V1ContainerStatus {
  const now = new Date();
  return {
    ...status,
    restartCount: status.restartCount + 1,
    lastState: {
      terminated: {
        exitCode: termination.exitCode,
        reason: termination.reason,
        ...(termination.message === undefined ? {} : { message: termination.message }),
        startedAt: status.state?.running?.startedAt ?? now,
        finishedAt: now,
      },
    },
    state: { running: { startedAt: now } },
  };
}
