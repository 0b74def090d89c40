/**
 * A kubeconfig for a user with only the rights a test gives: a ServiceAccount bound to a
 * ClusterRole of `rules`, with a short-lived token, as a cluster administrator would hand out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubernetesObjectApi, type V1PolicyRule } from '@kubernetes/client-node';
import { onTestFinished } from 'vitest';
import { stringify } from 'yaml';
import { clusterKubeConfig, freshNamespace } from './kube.js';

/** What `devnet status` reads, by API group, without Nodes: a test removes or adds what it is about. */
export const CORE_READER: V1PolicyRule = { apiGroups: [''], resources: ['namespaces', 'pods', 'pods/log', 'services', 'configmaps', 'events', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] };
export const STATUS_READER: V1PolicyRule[] = [CORE_READER, { apiGroups: ['apps', 'batch', 'scylla.scylladb.com'], resources: ['*'], verbs: ['get', 'list', 'watch'] }];

/** Writes the user's kubeconfig into `dir`; its context is `context`. Removed when the test finishes. */
export async function limitedKubeconfig(dir: string, rules: V1PolicyRule[], context = 'reader'): Promise<string> {
  const kc = clusterKubeConfig();
  const ns = await freshNamespace(kc, context);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const role = `devnet-${context}-${ns}`;
  await objects.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: context, namespace: ns } });
  await objects.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role }, rules } as never);
  await objects.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'ServiceAccount', name: context, namespace: ns }] } as never);
  onTestFinished(async () => {
    await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role } }).catch(() => {});
    await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role } }).catch(() => {});
  });
  const token = (await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: context, namespace: ns, body: { spec: { expirationSeconds: 600 } } })).status?.token;
  const cluster = kc.getCurrentCluster();
  const file = join(dir, `${context}.kubeconfig`);
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': context,
    clusters: [{ name: 'cp', cluster: { server: cluster?.server, 'certificate-authority-data': cluster?.caData ?? readFileSync(cluster?.caFile ?? '').toString('base64') } }],
    users: [{ name: context, user: { token } }],
    contexts: [{ name: context, context: { cluster: 'cp', user: context } }],
  }));
  return file;
}
