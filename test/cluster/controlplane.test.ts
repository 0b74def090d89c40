/**
 * The control plane behaves like a small real cluster for the workloads devnet creates.
 */
import { CoreV1Api, type V1EndpointSlice, type V1Job, type V1Namespace, type V1Pod, type V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { clusterKubeConfig, freshNamespace, waitFor } from './support/kube.js';
import { applyServerSide } from './support/manifests.js';

const kc = clusterKubeConfig();
const core = kc.makeApiClient(CoreV1Api);

const labels = (app: string) => ({ app });
const podSpec = (image: string) => ({ containers: [{ name: 'main', image, ports: [{ name: 'api', containerPort: 8080 }] }] });

describe('workloads', () => {
  test('a StatefulSet with a volumeClaimTemplate gets every replica Ready on a bound volume', async () => {
    const namespace = await freshNamespace(kc, 'sts');
    await applyServerSide(kc, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'validator', namespace },
        spec: {
          replicas: 3,
          serviceName: 'validator',
          selector: { matchLabels: labels('validator') },
          template: { metadata: { labels: labels('validator') }, spec: podSpec('example.org/node:1') },
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
          ],
        },
      } as object,
    ]);

    await waitFor(kc, { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespace }, (items: readonly V1StatefulSet[]) =>
      items.find((s) => s.status?.readyReplicas === 3), 'StatefulSet validator to have 3 ready replicas', 60_000);

    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
    const summary = claims.items.map((c) => [c.metadata?.name, c.spec?.storageClassName, c.status?.phase]).sort();
    // No storageClassName in the template: the default class, named like kind's, provisions them.
    expect(summary).toEqual([
      ['data-validator-0', 'standard', 'Bound'],
      ['data-validator-1', 'standard', 'Bound'],
      ['data-validator-2', 'standard', 'Bound'],
    ]);
  });

  test('a Service gets an EndpointSlice listing its ready pods', async () => {
    const namespace = await freshNamespace(kc, 'svc');
    await applyServerSide(kc, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'rpc', namespace },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels('rpc') },
          template: { metadata: { labels: labels('rpc') }, spec: podSpec('example.org/rpc:1') },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'rpc', namespace },
        spec: { selector: labels('rpc'), ports: [{ name: 'api', port: 80, targetPort: 'api' }] },
      },
    ] as object[]);

    const ref = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      plural: 'endpointslices',
      namespace,
      labelSelector: 'kubernetes.io/service-name=rpc',
    };
    const slice = await waitFor(kc, ref, (items: readonly V1EndpointSlice[]) =>
      items.find((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready === true).length === 2),
    'an EndpointSlice with 2 ready endpoints for Service rpc');

    expect(slice.ports).toEqual([expect.objectContaining({ name: 'api', port: 8080 })]);
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses);
    expect(addresses).toHaveLength(2);
    for (const address of addresses) expect(address).toMatch(/^10\.244\.\d+\.\d+$/);
  });

  test('a Job runs to completion', async () => {
    const namespace = await freshNamespace(kc, 'job');
    await applyServerSide(kc, [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'genesis', namespace },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'example.org/genesis:1' }] } } },
      } as object,
    ]);

    const job = await waitFor(kc, { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespace }, (items: readonly V1Job[]) =>
      items.find((j) => j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')),
    'Job genesis to complete');

    expect(job.status?.succeeded).toBe(1);
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'job-name=genesis' });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Succeeded']);
  });

  test('deleting a namespace with running pods finishes', async () => {
    const namespace = await freshNamespace(kc, 'del');
    await applyServerSide(kc, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'node', namespace },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels('node') },
          template: { metadata: { labels: labels('node') }, spec: podSpec('example.org/node:1') },
        },
      } as object,
    ]);
    await waitFor(kc, { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace }, (pods: readonly V1Pod[]) =>
      pods.filter((p) => p.status?.phase === 'Running').length === 2 ? true : undefined,
    '2 running pods');

    await core.deleteNamespace({ name: namespace });

    // Pods keep their default 30s grace period, so this takes as long as on a real cluster (~10s).
    const namespaces = { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', fieldSelector: `metadata.name=${namespace}` };
    await waitFor(kc, namespaces, (items: readonly V1Namespace[]) => (items.length === 0 ? true : undefined), `namespace ${namespace} to be gone`, 90_000);
    const leftovers = await core.listPodForAllNamespaces({ fieldSelector: `metadata.namespace=${namespace}` });
    expect(leftovers.items).toEqual([]);
  });
});
