/**
 * Applying upstream manifests to the test control plane. Nothing runs inside pods here, so an
 * admission webhook a manifest registers can never answer; registering one makes the API server
 * reject every object it intercepts (see test/controlplane/README.md, "Admission webhooks").
 */
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { toModel } from '../../controlplane/harness/kube.js';
import { waitFor } from './kube.js';

export const FIELD_MANAGER = 'devnet-cluster-tests';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

/** The documents of a YAML file as plain objects, with the API's field names. */
export async function readManifest(path: string): Promise<KubernetesObject[]> {
  const documents = parseAllDocuments(await readFile(path, 'utf8'));
  return documents.map((d) => d.toJS() as KubernetesObject | null).filter((o): o is KubernetesObject => o !== null);
}

export function isAdmissionWebhook(object: KubernetesObject): boolean {
  return WEBHOOK_KINDS.has(object.kind ?? '');
}

/** Server-side apply of plain objects, in order, as `kubectl apply --server-side --force-conflicts` does. */
export async function applyServerSide(
  kc: KubeConfig,
  objects: readonly KubernetesObject[],
  options: { dryRun?: boolean } = {},
): Promise<KubernetesObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const applied: KubernetesObject[] = [];
  for (const object of objects) {
    try {
      applied.push(
        await api.patch(toModel(object), undefined, options.dryRun ? 'All' : undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
      );
    } catch (error) {
      const ref = `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name}`;
      throw new Error(`Server-side apply of ${ref} failed: ${String((error as { body?: unknown }).body ?? error)}`, { cause: error });
    }
  }
  return applied;
}

/** Installs CRDs from upstream files (idempotent) and waits until the API server serves them. */
export async function installCrds(kc: KubeConfig, files: readonly string[]): Promise<void> {
  const crds = (await Promise.all(files.map(readManifest))).flat().filter((o) => o.kind === 'CustomResourceDefinition');
  await applyServerSide(kc, crds);
  const names = crds.map((c) => c.metadata?.name ?? '');
  await waitFor(
    kc,
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions' },
    (items: readonly (KubernetesObject & { status?: { conditions?: { type: string; status: string }[] } })[]) =>
      names.every((n) => items.some((i) => i.metadata?.name === n && i.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))) ? true : undefined,
    `CRDs ${names.join(', ')} to be established`,
  );
}
