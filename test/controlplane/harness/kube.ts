/**
 * The harness's few Kubernetes calls, through @kubernetes/client-node (test code only; devnet's own
 * client lives in src/kube/).
 */
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  loadYaml,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { setTimeout as delay } from 'node:timers/promises';
import { ControlPlaneError } from './errors.js';

export const FIELD_MANAGER = 'devnet-test-controlplane';

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/**
 * Turns a plain object with the API's JSON field names into the client's model form. Without it
 * KubernetesObjectApi re-serializes by model and silently drops fields it does not know by that
 * name (a CRD loses every `x-kubernetes-preserve-unknown-fields` and is then rejected).
 */
export function toModel(object: object): KubernetesObject {
  return loadYaml<KubernetesObject>(JSON.stringify(object));
}

/** Server-side apply, the way `kubectl apply --server-side --force-conflicts` does it. */
export async function applyObjects(kc: KubeConfig, objects: object[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await api.patch(toModel(object), undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}

export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** HTTP status of a client-node error, if it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Bounded polling for start-up conditions (the API is not yet worth a watch for a single check). */
export async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    await delay(100);
  }
  throw new ControlPlaneError(`Timed out after ${timeoutMs / 1000}s waiting for ${what}.`, { cause: lastError });
}

export function fakeNode(name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      // No taint: devnet's workloads must schedule here without tolerations.
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
    },
  };
}

export async function waitNodeReady(kc: KubeConfig, name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await poll(`node ${name} to become Ready`, timeoutMs, async () => {
    const node = await core.readNode({ name });
    return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
  }, signal);
}

/** Pods in a namespace can only be created once the controller-manager made its ServiceAccount. */
export async function waitDefaultServiceAccount(kc: KubeConfig, namespace: string, timeoutMs: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await poll(`ServiceAccount default in ${namespace}`, timeoutMs, async () =>
    (await core.readNamespacedServiceAccount({ name: 'default', namespace })) ? true : undefined,
  );
}
