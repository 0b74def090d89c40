/**
 * The upstream install manifests devnet applies (cert-manager, scylla-operator with its 1 MB+ CRDs)
 * go in with server-side apply, and the CRDs validate custom resources as on a real cluster.
 *
 * Admission webhook configurations are validated with a dry run but not registered: nothing runs
 * in the pods here, so a registered webhook could never answer and the API server would reject
 * every object it intercepts (the Issuer and Certificate in operator.yaml, every ScyllaCluster).
 * The cluster is shared by all test files, so registering them would break other tests as well.
 */
import { ApiextensionsV1Api, type KubernetesObject, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { describe, expect, test } from 'vitest';
import { apiErrorMessage, clusterKubeConfig, freshNamespace, waitFor } from './support/kube.js';
import { UPSTREAM } from '../support/upstream.js';
import { applyServerSide, isAdmissionWebhook, readManifest } from './support/manifests.js';

const kc = clusterKubeConfig();
const CERT_MANAGER = UPSTREAM.certManager;
const SCYLLA_OPERATOR = UPSTREAM.scyllaOperator;
const SCYLLA_CLUSTER = UPSTREAM.scyllaClusterExample;

let installing: Promise<KubernetesObject[]> | undefined;

/** Installs both manifests once per file; tests that only need the CRDs share the result. */
function installOperators(): Promise<KubernetesObject[]> {
  installing ??= (async () => {
    const objects = [...(await readManifest(CERT_MANAGER)), ...(await readManifest(SCYLLA_OPERATOR))];
    await applyServerSide(kc, objects.filter(isAdmissionWebhook), { dryRun: true });
    const applied = await applyServerSide(kc, objects.filter((o) => !isAdmissionWebhook(o)));
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata?.name ?? '');
    await waitFor(kc, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions' },
      (items: readonly V1CustomResourceDefinition[]) => crds.every((name) => items.some((i) => i.metadata?.name === name && established(i))) ? true : undefined,
      `${crds.length} CRDs to be established`);
    return applied;
  })();
  return installing;
}

const established = (crd: V1CustomResourceDefinition) =>
  crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true;

async function scyllaCluster(namespace: string, edit: (spec: Record<string, unknown>) => void): Promise<KubernetesObject> {
  const [example] = await readManifest(SCYLLA_CLUSTER);
  const object = structuredClone(example) as KubernetesObject & { spec: Record<string, unknown> };
  object.metadata = { ...object.metadata, namespace };
  edit(object.spec);
  return object;
}

describe('fixture manifests', () => {
  test('cert-manager and scylla-operator apply server-side, including the 1 MB+ CRD', async () => {
    const applied = await installOperators();

    const kinds = new Set(applied.map((o) => o.kind));
    for (const kind of ['CustomResourceDefinition', 'Deployment', 'Service', 'Issuer', 'Certificate']) expect(kinds).toContain(kind);
    const api = kc.makeApiClient(ApiextensionsV1Api);
    const biggest = await api.readCustomResourceDefinition({ name: 'scylladbclusters.scylla.scylladb.com' });
    expect(JSON.stringify(biggest.spec).length).toBeGreaterThan(1_000_000);
    expect(established(biggest)).toBe(true);
  });

  test('a valid ScyllaCluster is accepted', async () => {
    await installOperators();
    const namespace = await freshNamespace(kc, 'scylla');
    const [created] = await applyServerSide(kc, [await scyllaCluster(namespace, () => {})]);

    expect(created?.metadata?.uid).toBeDefined();
    expect((created as { spec?: { datacenter?: { name?: string } } }).spec?.datacenter?.name).toBe('us-east-1');
  });

  test.each([
    {
      breaks: 'an enum',
      edit: (spec: Record<string, unknown>) => (spec.alternator = { servingCertificate: { type: 'SelfSigned' } }),
      message:
        'ScyllaCluster.scylla.scylladb.com "scylla" is invalid: spec.alternator.servingCertificate.type: ' +
        'Unsupported value: "SelfSigned": supported values: "OperatorManaged", "UserManaged"',
    },
    {
      breaks: 'a field type',
      edit: (spec: Record<string, unknown>) => {
        const racks = (spec.datacenter as { racks: Record<string, unknown>[] }).racks;
        racks[0] = { ...racks[0], members: 'three' };
      },
      // Server-side apply checks types while building the typed patch, before validation proper.
      message: '.spec.datacenter.racks[0].members: expected numeric (int or float), got string',
    },
  ])('a ScyllaCluster that breaks $breaks in the schema is rejected with the API server message', async ({ edit, message }) => {
    await installOperators();
    const namespace = await freshNamespace(kc, 'scylla-bad');
    const invalid = await scyllaCluster(namespace, edit);

    const error = await applyServerSide(kc, [invalid]).then(() => undefined, (e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(apiErrorMessage((error as Error).cause)).toContain(message);
  });
});
