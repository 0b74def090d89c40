/**
 * Watches every pod and gives it logs before KWOK starts it: log files, a `Logs` object, and for
 * crash-loop fault pods the previous container's log. Then it marks the pod with LOGS_ANNOTATION,
 * which the pod start stages wait for, so a pod is never Running without working `pods/log`.
 */
import { CoreV1Api, makeInformer, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { appendFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { FAULT_IMAGES, LOGS_ANNOTATION, LOGS_REGISTERED } from './fault-stages.js';
import { mergePatch, statusCode } from './kube.js';
import { claimPodLogDir, containerLogPaths, criLines, ensurePodLogs } from './pod-logs.js';

/** What a crash-looping container printed before it exited; served by `previous=true`. */
export function crashLoopLog(image: string): string[] {
  return [`starting ${image}`, `fatal: simulated crash (${FAULT_IMAGES.crashLoop})`, 'exit status 1'];
}

export interface PodWatcher {
  stop(): Promise<void>;
}

export async function startPodWatcher(kc: KubeConfig, stateDir: string, logFile: string): Promise<PodWatcher> {
  const core = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
  const inFlight = new Set<string>();
  let stopped = false;
  const note = (message: string) => {
    try {
      appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`);
    } catch {
      // The state dir is already gone: the control plane stopped under a late registration.
    }
  };

  const onPod = (pod: V1Pod) => {
    const { namespace, name, uid, annotations, deletionTimestamp } = pod.metadata ?? {};
    if (!namespace || !name || !uid || deletionTimestamp || annotations?.[LOGS_ANNOTATION] === LOGS_REGISTERED) return;
    if (stopped || inFlight.has(uid)) return;
    inFlight.add(uid);
    void registerWithRetries(core, kc, stateDir, pod, note, () => stopped).finally(() => inFlight.delete(uid));
  };
  informer.on('add', onPod);
  informer.on('update', onPod);
  informer.on('error', (error: unknown) => {
    note(`watch failed: ${String(error)}`);
    // The informer stops on errors; resume unless we are shutting down.
    if (!stopped) setTimeout(() => void informer.start().catch((e: unknown) => note(`restart failed: ${String(e)}`)), 500);
  });
  await informer.start();
  return {
    async stop() {
      stopped = true;
      await informer.stop();
    },
  };
}

async function registerWithRetries(
  core: CoreV1Api,
  kc: KubeConfig,
  stateDir: string,
  pod: V1Pod,
  note: (m: string) => void,
  stopping: () => boolean,
): Promise<void> {
  const ref = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      await register(core, kc, stateDir, pod);
      return;
    } catch (error) {
      if (statusCode(error) === 404 || stopping()) return; // deleted meanwhile, or shutting down
      note(`registering logs of ${ref} failed (attempt ${attempt}): ${String(error)}`);
      await delay(200 * attempt);
    }
  }
}

async function register(core: CoreV1Api, kc: KubeConfig, stateDir: string, pod: V1Pod): Promise<void> {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  await claimPodLogDir(stateDir, namespace, name, pod.metadata?.uid ?? '');
  await ensurePodLogs(kc, stateDir, namespace, name, containers.map((c) => c.name));
  for (const container of pod.spec?.containers ?? []) {
    if (!container.image?.startsWith(FAULT_IMAGES.crashLoop)) continue;
    const { previous } = containerLogPaths(stateDir, namespace, name, container.name);
    await writeFile(previous, criLines(crashLoopLog(container.image), 'stderr'));
  }
  await core.patchNamespacedPod(
    { name, namespace, body: { metadata: { annotations: { [LOGS_ANNOTATION]: LOGS_REGISTERED } } } },
    mergePatch,
  );
}
