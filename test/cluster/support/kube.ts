/**
 * Helpers for cluster tests: a client for the shared control plane, a fresh namespace per test,
 * and waiting on what the API says (list + watch, never sleeps).
 */
import './provided.js';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  ListWatch,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { inject, onTestFinished } from 'vitest';
import { Kube } from '../../../src/kube/client.js';
import { unique } from '../../support/names.js';

/** devnet's own client on the shared control plane. */
export const clusterKube = (): Kube => Kube.connect({ kubeconfig: inject('kubeconfig') });

/** What of a devnet the API holds, by its instance label: `Kind namespace/name`, for the kinds devnet applies to a substrate devnet. */
export async function labelled(devnet: string, kube: Kube = clusterKube()): Promise<string[]> {
  const selector = `app.kubernetes.io/instance=${devnet}`;
  const kinds = [
    ['v1', 'Namespace'],
    ['v1', 'Secret'],
    ['v1', 'ConfigMap'],
    ['v1', 'Service'],
    ['apps/v1', 'StatefulSet'],
    ['v1', 'Pod'],
  ] as const;
  const found = await Promise.all(kinds.map(async ([apiVersion, kind]) => (await kube.list(apiVersion, kind, { labelSelector: selector })).items.map((o) => `${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)));
  return found.flat();
}

export function clusterKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(inject('kubeconfig'));
  return kc;
}

/** The current context of a kubeconfig file (the shared control plane's by default). */
export function currentContext(kubeconfig: string = inject('kubeconfig')): string {
  return (readFileSync(kubeconfig, 'utf8').match(/current-context: (\S+)/) ?? [])[1] ?? '';
}

export function controlPlaneStateDir(): string {
  return inject('controlPlaneStateDir');
}

/** Creates `<prefix>-<random>`, ready for pods, and deletes it when the current test finishes. */
export async function freshNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = unique(prefix);
  await core.createNamespace({ body: { metadata: { name } } });
  onTestFinished(async () => {
    await core.deleteNamespace({ name }).catch(() => {});
  });
  // Pods are rejected until the controller-manager has made the namespace's ServiceAccount.
  await waitFor(kc, { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespace: name }, (items: readonly KubernetesObject[]) =>
    items.some((sa) => sa.metadata?.name === 'default') ? true : undefined,
  `ServiceAccount default in ${name}`);
  return name;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  /** The resource's plural name, as in its URL. */
  plural: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export function resourcePath(ref: ResourceRef): string {
  const group = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  return `${group}${ref.namespace === undefined ? '' : `/namespaces/${ref.namespace}`}/${ref.plural}`;
}

/**
 * Resolves with `check`'s first non-undefined answer over the current objects, re-evaluated on every
 * change the watch reports. On timeout it fails with what it last saw.
 */
export async function waitFor<T extends KubernetesObject, R>(
  kc: KubeConfig,
  ref: ResourceRef,
  check: (items: readonly T[]) => R | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<R> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const list = () =>
    objects.list<T>(ref.apiVersion, ref.kind, ref.namespace, undefined, undefined, undefined, ref.fieldSelector, ref.labelSelector);
  const informer = new ListWatch<T>(resourcePath(ref), new Watch(kc), list, false, ref.labelSelector, ref.fieldSelector);
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    let lastError = '';
    const finish = (error: Error | undefined, value?: R) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void informer.stop();
      if (error === undefined) resolve(value as R);
      else reject(error);
    };
    const evaluate = () => {
      try {
        const result = check(informer.list());
        if (result !== undefined) finish(undefined, result);
      } catch (error) {
        finish(error as Error);
      }
    };
    const timer = setTimeout(() => {
      const seen = informer.list().map((o) => summarize(o)).join('\n  ');
      const failure = lastError === '' ? '' : `\nLast watch error: ${lastError}`;
      finish(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}. Last seen:\n  ${seen || '(nothing)'}${failure}`));
    }, timeoutMs);
    for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, evaluate);
    // The informer stops on errors (for example a dropped connection); start it again.
    informer.on('error', (error: unknown) => {
      lastError = String(error);
      if (!settled) setTimeout(() => void informer.start().catch(() => {}), 200);
    });
    informer.start().then(evaluate, (error: unknown) => finish(error as Error));
  });
}

function summarize(object: KubernetesObject): string {
  const status = (object as { status?: unknown }).status;
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''} status=${JSON.stringify(status ?? {}).slice(0, 400)}`;
}

/** The message an API error carries (what `kubectl` would print), for assertions. */
export function apiErrorMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return (body as { message?: string } | undefined)?.message ?? String(error);
}
