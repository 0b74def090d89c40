/**
 * Writing and reading pod logs on the test control plane. Lines written with appendPodLog are
 * what `kubectl logs` (and devnet) read back through the real pods/log API; restartContainer
 * turns the current log into the previous one, as a container restart does.
 *
 * File layout: <stateDir>/podlogs/<namespace>/<pod>/<container>.log (and .previous.log).
 */
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { ClientRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { restartContainerIn, type Termination } from '../../controlplane/harness/container-restart.js';
import { loadKubeConfig, statusCode } from '../../controlplane/harness/kube.js';
import { stateFiles } from '../../controlplane/harness/paths.js';
import { appendLines, containerLogPaths, ensurePodLogs, type LogStream } from '../../controlplane/harness/pod-logs.js';

export { containerLogPaths, type LogStream, type Termination };

/**
 * Appends lines (CRI format) to a container's current log; creates the file and Logs object if
 * needed. `at` dates them in the past (a kubelet writes lines in time order: only for a log that
 * has no later line yet).
 */
export async function appendPodLog(
  stateDir: string,
  namespace: string,
  pod: string,
  container: string,
  lines: readonly string[],
  options: { stream?: LogStream; at?: Date } = {},
): Promise<void> {
  const { current } = containerLogPaths(stateDir, namespace, pod, container);
  if (!existsSync(current)) {
    const kc = loadKubeConfig(stateFiles(stateDir).kubeconfig);
    const existing = await readPod(kc, namespace, pod);
    const names = (existing?.spec?.containers ?? []).map((c) => c.name);
    await ensurePodLogs(kc, stateDir, namespace, pod, [...new Set([...names, container])]);
  }
  await appendLines(current, lines, options.stream ?? 'stdout', options.at);
}

/** Simulates a kubelet restarting one container; resolves with the pod as the API now reports it. */
export function restartContainer(
  stateDir: string,
  namespace: string,
  pod: string,
  container: string,
  termination: Termination = { exitCode: 1, reason: 'Error' },
): Promise<V1Pod> {
  const kc = loadKubeConfig(stateFiles(stateDir).kubeconfig);
  return restartContainerIn(kc, stateDir, { namespace, pod, container }, termination);
}

/** `kubectl logs [--previous]` through the API. */
export async function readPodLog(kc: KubeConfig, namespace: string, pod: string, container: string, previous = false): Promise<string> {
  return kc.makeApiClient(CoreV1Api).readNamespacedPodLog({ name: pod, namespace, container, previous });
}

export interface FollowedLog {
  /** Everything received so far. */
  text(): string;
  /** Resolves once `needle` has arrived, or rejects after `timeoutMs`. */
  waitFor(needle: string, timeoutMs: number): Promise<void>;
  stop(): void;
}

/**
 * `kubectl logs -f` through the API: a `follow=true` stream that stays open until stop(). Plain
 * node:https rather than client-node's Log, whose stream errors out uncaught when aborted.
 */
export async function followPodLog(kc: KubeConfig, namespace: string, pod: string, container: string): Promise<FollowedLog> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = new URL(`${server}/api/v1/namespaces/${namespace}/pods/${pod}/log`);
  url.search = new URLSearchParams({ container, follow: 'true' }).toString();
  const options: RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  let received = '';
  const waiters = new Set<() => void>();
  const request = await new Promise<ClientRequest>((resolve, reject) => {
    const req = httpsRequest(url, options, (response) => {
      response.setEncoding('utf8');
      response.on('error', () => {}); // ends with stop(); nothing to report
      if (response.statusCode !== 200) {
        response.on('data', (chunk: string) => (received += chunk));
        response.on('end', () => reject(new Error(`GET ${url.pathname} answered ${response.statusCode}: ${received}`)));
        return;
      }
      response.on('data', (chunk: string) => {
        received += chunk;
        waiters.forEach((notify) => notify());
      });
      resolve(req);
    });
    req.on('error', reject);
    req.end();
  });
  return {
    text: () => received,
    waitFor: (needle, timeoutMs) => arrival(() => received, waiters, needle, timeoutMs),
    stop: () => request.destroy(),
  };
}

function arrival(text: () => string, waiters: Set<() => void>, needle: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const notify = () => {
      if (!text().includes(needle)) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`"${needle}" did not arrive within ${timeoutMs}ms; received:\n${text()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(notify);
    };
    waiters.add(notify);
    notify();
  });
}

async function readPod(kc: KubeConfig, namespace: string, name: string): Promise<V1Pod | undefined> {
  try {
    return await kc.makeApiClient(CoreV1Api).readNamespacedPod({ name, namespace });
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
}
