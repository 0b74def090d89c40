/**
 * The operator stand-ins against the real API server: the upstream manifests install for real
 * (operator.yaml's Issuer and Certificate only get through because the cert-manager stand-in
 * answers its webhook), the webhooks accept, mutate and deny as the real ones do, a ScyllaCluster
 * becomes Available, and each misbehaviour option shows the failure devnet must live with.
 *
 * Shared control plane: every test stops its stand-ins and deletes the three webhook
 * configurations (and devnet's install record) when it finishes; left behind, they would point
 * at a closed port with failurePolicy Fail. The rest of the fixtures (CRDs, namespaces, RBAC,
 * Deployments, the Issuer and Certificate) stays applied, as manifests.test.ts leaves it. Applying
 * the same manifests again converges; devnet's own installer does so in the test below.
 */
import { CoreV1Api, CustomObjectsApi, KubernetesObjectApi, type KubernetesObject, type V1Service } from '@kubernetes/client-node';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { installPrerequisite } from '../../src/prereqs/install.js';
import { CHECK_CSR, PREREQUISITES } from '../../src/prereqs/versions.js';
import { apiErrorMessage, clusterKubeConfig, freshNamespace } from './support/kube.js';
import { applyServerSide, readManifest } from './support/manifests.js';
import { CERT_MANAGER_WEBHOOKS, deleteOperatorWebhooks } from './support/standins/index.js';
import {
  applyRetrying, CERT_MANAGER_MANIFEST, certificateRequest, connectionRefused, eventually, fixtureWebhookConfigurations, managerDevCluster, processHandles,
  SCYLLA_OPERATOR_MANIFEST, servedWatches, untilServedWatches, waitUntil, waitWebhookPointsAt, type ScyllaClusterSpec,
} from './support/standins/fixtures.js';
import { installFixtures, operators, readyOperators, withStandins } from './support/standins/with-standins.js';

const kc = clusterKubeConfig();
const kubeconfig = inject('kubeconfig');
const objects = KubernetesObjectApi.makeApiClient(kc);
const custom = kc.makeApiClient(CustomObjectsApi);
const core = kc.makeApiClient(CoreV1Api);

const dryRunCreate = (object: KubernetesObject) => objects.create(object, undefined, 'All');
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected the API server to refuse'); }, (error: unknown) => error);

interface Condition { type: string; status: string; observedGeneration?: number }
interface ScyllaClusterObject extends KubernetesObject {
  status?: { observedGeneration?: number; members?: number; readyMembers?: number; availableMembers?: number; racks?: Record<string, { members: number; readyMembers: number }>; conditions?: Condition[] };
}
const conditionsOf = (o: { status?: { conditions?: Condition[] } }) => Object.fromEntries((o.status?.conditions ?? []).map((c) => [c.type, c.status]));
const healthy = (o: ScyllaClusterObject) => {
  const current = (o.status?.conditions ?? []).every((c) => c.observedGeneration === o.metadata?.generation);
  const c = conditionsOf(o);
  return current && c.Available === 'True' && c.Progressing === 'False' && c.Degraded === 'False';
};

function waitScyllaCluster(namespace: string, check: (o: ScyllaClusterObject) => boolean, what: string): Promise<ScyllaClusterObject> {
  return waitUntil(kc, `/apis/scylla.scylladb.com/v1/namespaces/${namespace}/scyllaclusters`, {}, (items: ScyllaClusterObject[]) => items.find(check), what, 60_000);
}

describe('operator stand-ins', () => {
  test('the fixtures install server-side, operator.yaml through the cert-manager stand-in webhook', async () => {
    const { applied, caPem } = await installFixtures();

    expect(applied.filter((o) => o.kind === 'Issuer' || o.kind === 'Certificate').map((o) => o.kind)).toEqual(['Certificate', 'Issuer']);
    const issuer = await custom.getNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: 'scylla-operator', plural: 'issuers', name: 'scylla-operator-selfsigned-issuer' });
    expect(conditionsOf(issuer as ScyllaClusterObject).Ready).toBe('True');
    const secret = await core.readNamespacedSecret({ namespace: 'scylla-operator', name: 'scylla-operator-serving-cert' });
    expect(secret.type).toBe('kubernetes.io/tls');
    const served = new X509Certificate(Buffer.from(secret.data?.['tls.crt'] ?? '', 'base64'));
    expect(served.subjectAltName).toBe('DNS:scylla-operator-webhook.scylla-operator.svc');
    const ca = await core.readNamespacedSecret({ namespace: 'cert-manager', name: 'cert-manager-webhook-ca' });
    expect(Buffer.from(ca.data?.['ca.crt'] ?? '', 'base64').toString()).toBe(caPem);
  });

  test('without a stand-in answering, cert-manager\'s webhook refuses the same Issuer: the webhook really is in the path', async () => {
    await installFixtures();
    onTestFinished(() => deleteOperatorWebhooks(kubeconfig));
    await applyRetrying(kc, (await fixtureWebhookConfigurations()).filter((o) => o.metadata?.name === 'cert-manager-webhook'));
    const issuer = (await readManifest(SCYLLA_OPERATOR_MANIFEST)).filter((o) => o.kind === 'Issuer');

    const error = await failure(applyServerSide(kc, issuer, { dryRun: true }));

    expect(apiErrorMessage((error as Error).cause)).toMatch(/^Internal error occurred: failed calling webhook "webhook\.cert-manager\.io": failed to call webhook: Post "https:\/\/cert-manager-webhook\.cert-manager\.svc:443\/validate\?timeout=30s": /);
  });

  test('a dry-run CertificateRequest comes back mutated with the requester identity, and is not stored', async () => {
    await readyOperators({ scylla: false });

    const created = (await dryRunCreate(certificateRequest(CHECK_CSR))) as KubernetesObject & { spec?: { username?: string; groups?: string[] } };

    expect(created.spec?.username).toBe('devnet-admin');
    expect(created.spec?.groups).toEqual(expect.arrayContaining(['system:masters', 'system:authenticated']));
    const stored = await custom.listNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: 'cert-manager', plural: 'certificaterequests' });
    expect((stored as { items: unknown[] }).items).toEqual([]);
  });

  test('a CertificateRequest with request "invalid-csr" is denied by the webhook', async () => {
    await readyOperators({ scylla: false });

    const error = await failure(dryRunCreate(certificateRequest('invalid-csr')));

    expect(apiErrorMessage(error)).toBe(
      'admission webhook "webhook.cert-manager.io" denied the request: spec.request: Invalid value: ' +
        '[]byte{0x69, 0x6e, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x2d, 0x63, 0x73, 0x72}: failed to decode csr: error decoding certificate request PEM block',
    );
  });

  test.each([
    { breaks: 'no spec.version', edit: (spec: ScyllaClusterSpec) => delete spec.version, message: 'spec.version: Required value' },
    {
      breaks: 'a rack without a memory limit',
      edit: (spec: ScyllaClusterSpec) => ((spec.datacenter.racks[0]?.resources as { limits: Record<string, string> }).limits = { cpu: '200m' }),
      message: 'spec.datacenter.racks[0].resources.limits: Required value: set cpu, memory resource limits',
    },
  ])('a ScyllaCluster with $breaks is rejected with the webhook message', async ({ edit, message }) => {
    await readyOperators({ cert: false });
    const namespace = await freshNamespace(kc, 'scylla-invalid');

    const error = await failure(objects.create(await managerDevCluster(namespace, edit)));

    expect(apiErrorMessage(error)).toBe(
      `admission webhook "webhook.scylla.scylladb.com" denied the request: ScyllaCluster.scylla.scylladb.com "scylla-manager-cluster" is invalid: ${message}`,
    );
  });

  test('a valid ScyllaCluster becomes Available, with its StatefulSet, client Service and pods', async () => {
    await readyOperators({ cert: false });
    const namespace = await freshNamespace(kc, 'scylla-dev');
    await applyRetrying(kc, [await managerDevCluster(namespace)]);

    const cluster = await waitScyllaCluster(namespace, healthy, 'ScyllaCluster scylla-manager-cluster to be healthy');

    expect(cluster.status).toMatchObject({ observedGeneration: cluster.metadata?.generation, members: 1, readyMembers: 1, availableMembers: 1, racks: { 'manager-rack': { members: 1, readyMembers: 1 } } });
    const client = (await objects.read({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'scylla-manager-cluster-client', namespace } })) as V1Service;
    expect(client.spec?.ports?.find((p) => p.name === 'cql')?.port).toBe(9042);
    expect(client.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ScyllaCluster', name: 'scylla-manager-cluster', controller: true });
    const pods = await waitUntil(kc, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: 'scylla/cluster=scylla-manager-cluster' },
      (items: { metadata?: { name?: string }; spec?: { containers: { image: string }[] }; status?: { phase?: string } }[]) => (items.length === 1 ? items : undefined), 'the Scylla pod');
    expect(pods.map((p) => [p.metadata?.name, p.status?.phase, p.spec?.containers[0]?.image])).toEqual([
      ['scylla-manager-cluster-manager-dc-manager-rack-0', 'Running', 'docker.io/scylladb/scylla:2026.1.3'],
    ]);
    const member = await objects.read({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'scylla-manager-cluster-manager-dc-manager-rack-0', namespace } });
    expect(member.metadata?.name).toBe('scylla-manager-cluster-manager-dc-manager-rack-0');
  });
});

describe('devnet against the stand-ins', () => {
  test('devnet\'s own installer gets both prerequisites ready through the stand-ins, as a later `devnet up` will', async () => {
    await installFixtures();
    await withStandins(); // its cleanup also drops the install record written below
    const kube = Kube.connect({ kubeconfig });
    const notes: string[] = [];

    for (const prereq of PREREQUISITES) {
      const manifest = await readFile(prereq.name === 'cert-manager' ? CERT_MANAGER_MANIFEST : SCYLLA_OPERATOR_MANIFEST, 'utf8');
      const result = await installPrerequisite(prereq, manifest, { kube, signal: AbortSignal.timeout(90_000), note: (n) => notes.push(n) });
      expect(result, notes.join('\n')).toBe('installed');
    }

    expect(notes).toContain('checking that the cert-manager API answers (dry-run CertificateRequest)');
    expect(notes).toContain('waiting for the CA of ValidatingWebhookConfiguration scylla-operator to be injected');
  });
});

describe('stand-in misbehaviour, on purpose', () => {
  test('a cert-manager webhook that listens late refuses connections, then answers', async () => {
    const standins = await operators({ scylla: false, cert: { refuseConnectionsForMs: 5_000 } });
    const url = standins.certManager?.url ?? '';

    const refused = await failure(dryRunCreate(certificateRequest(CHECK_CSR)));
    expect(apiErrorMessage(refused)).toBe(
      `Internal error occurred: failed calling webhook "webhook.cert-manager.io": failed to call webhook: Post "${url}/mutate?timeout=30s": dial tcp ${new URL(url).host}: connect: connection refused`,
    );

    const created = (await eventually(() => dryRunCreate(certificateRequest(CHECK_CSR)), 20_000)) as KubernetesObject & { spec?: { username?: string } };
    expect(created.spec?.username).toBe('devnet-admin');
  });

  test('before the CA is injected the API server does not trust the webhook; after, it does', async () => {
    const standins = await operators({ scylla: false, cert: { injectCaAfterMs: 5_000 } }, { withCa: false });
    await standins.certManager?.listening;

    const untrusted = await failure(dryRunCreate(certificateRequest(CHECK_CSR)));
    expect(apiErrorMessage(untrusted)).toBe(
      `Internal error occurred: failed calling webhook "webhook.cert-manager.io": failed to call webhook: Post "${standins.certManager?.url ?? ''}/mutate?timeout=30s": ` +
        'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    );

    for (const target of CERT_MANAGER_WEBHOOKS) await waitWebhookPointsAt(kc, target, standins.certManager?.url ?? '', standins.certManager?.caPem);
    const created = (await eventually(() => dryRunCreate(certificateRequest(CHECK_CSR)), 20_000)) as KubernetesObject & { spec?: { username?: string } };
    expect(created.spec?.username).toBe('devnet-admin');
  });

  test('a scylla webhook failing its calls makes a ScyllaCluster create fail with InternalError, and a later one succeed', async () => {
    await readyOperators({ cert: false, scylla: { failCallsForMs: 5_000 } });
    const namespace = await freshNamespace(kc, 'scylla-flaky');
    const cluster = await managerDevCluster(namespace);

    const error = await failure(objects.create(cluster));
    expect((error as { code?: number }).code).toBe(500);
    expect(apiErrorMessage(error)).toBe(
      'Internal error occurred: failed calling webhook "webhook.scylla.scylladb.com": failed to call webhook: the server is currently unable to handle the request',
    );

    const created = await eventually(() => objects.create(cluster), 20_000);
    expect(created.metadata?.uid).toBeDefined();
  });

  test('a ScyllaCluster held back never becomes Available, though its member is ready', async () => {
    await readyOperators({ cert: false, scylla: { neverAvailable: ({ name }) => name === 'scylla-manager-cluster' } });
    const namespace = await freshNamespace(kc, 'scylla-stuck');
    await applyRetrying(kc, [await managerDevCluster(namespace)]);

    // readyMembers and the conditions are written together, so this is the status with the member ready.
    const cluster = await waitScyllaCluster(namespace, (o) => o.status?.readyMembers === 1, 'the member of scylla-manager-cluster to be ready');

    expect(conditionsOf(cluster)).toEqual({ Available: 'False', Progressing: 'True', Degraded: 'False' });
    expect(healthy(cluster)).toBe(false);
  });
});

describe('stand-in cleanup', () => {
  const ours = ['scyllaclusters.scylla.scylladb.com', 'certificates.cert-manager.io', 'issuers.cert-manager.io', 'validatingwebhookconfigurations.admissionregistration.k8s.io'];

  test('stop() closes the webhook ports, ends every watch and pending timer; deleteOperatorWebhooks() removes the configurations', async () => {
    await installFixtures();
    const watchesBefore = await servedWatches(kc);
    const handlesBefore = processHandles();
    // Timers pending on purpose: a listen and a CA injection a minute away. withStandins: stopping
    // twice is harmless, and a failure halfway still cleans up.
    const standins = await withStandins({ cert: { injectCaAfterMs: 60_000 }, scylla: { refuseConnectionsForMs: 60_000 } });
    await applyRetrying(kc, await fixtureWebhookConfigurations());
    await waitWebhookPointsAt(kc, { kind: 'ValidatingWebhookConfiguration', name: 'scylla-operator' }, standins.scyllaOperator?.url ?? '', standins.scyllaOperator?.caPem);
    await untilServedWatches(kc, ours, watchesBefore, (now, before) => now > before, 'served yet');
    expect(processHandles().timers).toBeGreaterThan(handlesBefore.timers);
    expect(processHandles().servers).toBeGreaterThan(handlesBefore.servers);

    await standins.stop();

    // Other timers and watches may end meanwhile (none start: nothing else runs), hence <=.
    expect(processHandles().timers).toBeLessThanOrEqual(handlesBefore.timers);
    expect(processHandles().servers).toBeLessThanOrEqual(handlesBefore.servers);
    expect(await connectionRefused(standins.certManager?.url ?? '')).toBe(true);
    await untilServedWatches(kc, ours, watchesBefore, (now, before) => now <= before, 'gone');
    await deleteOperatorWebhooks(kubeconfig);
    const left = await objects.list('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration');
    expect(left.items.map((w) => w.metadata?.name)).not.toContain('scylla-operator');
  });
});
