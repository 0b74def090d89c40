/**
 * Installs one prerequisite with server-side apply and waits for what "ready" really means:
 * CRDs established, deployments available, webhooks served with their CA injected, and for
 * cert-manager an API check (a dry-run CertificateRequest the webhook mutates). Applies retry on
 * the known webhook races. A version recorded as installed is first checked (namespace, CRDs,
 * deployments, webhook configurations present) and its manifest applied again when a part is
 * missing, so nothing is waited for that cannot come. Each wait that the deadline ends says what
 * was still missing and where to look.
 */
import { parseAllDocuments } from 'yaml';
import { InterruptedError, NotReadyError } from '../errors/index.js';
import type { Kube, LiveObject } from '../kube/client.js';
import { KubeApiError } from '../kube/client.js';
import { abortedByDeadline } from '../system/sleep.js';
import { crdEstablished, deploymentAvailable } from '../kube/conditions.js';
import { Informer } from '../kube/informer.js';
import { retrying, waitFor } from '../kube/wait.js';
import { CHECK_CSR, type Prerequisite } from './versions.js';

export interface InstallContext {
  kube: Kube;
  signal: AbortSignal;
  note: (message: string) => void;
}

const RECORD = { namespace: 'kube-public', name: 'devnet-prerequisites' };

/** Webhook races documented by cert-manager and Linera: the webhook exists before it can answer. */
export function isWebhookRace(error: unknown): boolean {
  if (!(error instanceof KubeApiError)) return false;
  return error.status >= 500 || /failed calling webhook|x509|connection refused|no endpoints available|context deadline exceeded|service .* not found/i.test(error.message);
}

export async function installPrerequisite(prereq: Prerequisite, manifestText: string, ctx: InstallContext): Promise<'installed' | 'already'> {
  const stamp = `${prereq.version} sha256:${prereq.sha256}`;
  const record = await ctx.kube.get<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', RECORD.namespace, RECORD.name, ctx.signal);
  if (record?.data?.[prereq.name] === stamp) {
    const missing = await missingParts(prereq, ctx);
    if (missing.length === 0) {
      ctx.note(`${prereq.name} ${prereq.version} is already installed; checking it is ready`);
      await waitReady(prereq, ctx);
      return 'already';
    }
    ctx.note(`${prereq.name} ${prereq.version} is recorded as installed, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: applying its manifest again`);
  }
  const objects = parseManifest(manifestText);
  const first = objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition');
  const rest = objects.filter((o) => !first.includes(o));
  for (const object of first) await ctx.kube.apply(object, { signal: ctx.signal });
  await waitCrds(prereq, ctx);
  ctx.kube.discovery.reset();
  for (const object of rest) {
    await retrying(() => ctx.kube.apply(object, { signal: ctx.signal }), isWebhookRace, ctx.signal, (error) =>
      ctx.note(`${object.kind} ${object.metadata.name}: ${(error as Error).message.split('\n')[0] ?? ''} (retrying)`),
    );
  }
  await waitReady(prereq, ctx);
  // One record for every prerequisite: server-side apply drops keys it is not given, so keep the others.
  const data = { ...record?.data, [prereq.name]: stamp };
  await ctx.kube.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...RECORD, labels: { 'app.kubernetes.io/managed-by': 'devnet' } }, data } as LiveObject, { signal: ctx.signal });
  return 'installed';
}

/** What an installed prerequisite must have for its readiness to be worth waiting for. */
async function missingParts(prereq: Prerequisite, ctx: InstallContext): Promise<string[]> {
  const parts = [
    { apiVersion: 'v1', kind: 'Namespace', namespace: undefined, name: prereq.namespace },
    ...prereq.crds.map((name) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', namespace: undefined, name })),
    ...prereq.deployments.map((name) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: prereq.namespace, name })),
    ...prereq.webhooks.map((w) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: w.kind, namespace: undefined, name: w.name })),
  ];
  const found = await Promise.all(parts.map((p) => ctx.kube.get(p.apiVersion, p.kind, p.namespace, p.name, ctx.signal)));
  return parts.filter((_, i) => found[i] === undefined).map((p) => `${p.kind} ${p.namespace === undefined ? '' : `${p.namespace}/`}${p.name}`);
}

/** Runs a wait; when the deadline ends it, says what was awaited and where to look. */
async function stage(prereq: Prerequisite, ctx: InstallContext, what: string, hint: string, wait: () => Promise<void>, note = `waiting for ${what}`): Promise<void> {
  ctx.note(note);
  try {
    await wait();
  } catch (error) {
    if (!(error instanceof InterruptedError) || !abortedByDeadline(ctx.signal)) throw error;
    throw new NotReadyError(`${prereq.name} ${prereq.version} was not ready before the deadline: still waiting for ${what}.`, { hint });
  }
}

export function parseManifest(text: string): LiveObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as LiveObject | null)
    .filter((o): o is LiveObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

async function waitCrds(prereq: Prerequisite, ctx: InstallContext): Promise<void> {
  const crds = new Informer(ctx.kube, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  await crds.start(ctx.signal);
  try {
    await stage(prereq, ctx, `the ${prereq.name} CRDs to be established`, `kubectl get crd ${prereq.crds.join(' ')} shows their conditions`, () =>
      waitFor(crds, (all) => prereq.crds.every((name) => all.some((c) => c.metadata.name === name && crdEstablished(c))), ctx.signal),
    );
  } finally {
    crds.stop();
  }
}

async function waitReady(prereq: Prerequisite, ctx: InstallContext): Promise<void> {
  await waitCrds(prereq, ctx);
  const deployments = new Informer(ctx.kube, 'apps/v1', 'Deployment', { namespace: prereq.namespace });
  await deployments.start(ctx.signal);
  try {
    await stage(prereq, ctx, `${prereq.deployments.join(', ')} to be available`, `kubectl -n ${prereq.namespace} get pods shows what keeps them from starting`, () =>
      waitFor(deployments, (all) => prereq.deployments.every((name) => all.some((d) => d.metadata.name === name && deploymentAvailable(d))), ctx.signal),
    );
  } finally {
    deployments.stop();
  }
  for (const webhook of prereq.webhooks) await waitCaBundle(prereq, webhook, ctx);
  if (prereq.name === 'cert-manager') {
    await stage(prereq, ctx, 'the cert-manager API to answer (a dry-run CertificateRequest)', 'kubectl -n cert-manager logs deploy/cert-manager-webhook', () => checkCertManagerApi(ctx), 'checking that the cert-manager API answers (dry-run CertificateRequest)');
  }
}

async function waitCaBundle(prereq: Prerequisite, webhook: Prerequisite['webhooks'][number], ctx: InstallContext): Promise<void> {
  const informer = new Informer(ctx.kube, 'admissionregistration.k8s.io/v1', webhook.kind, { fieldSelector: `metadata.name=${webhook.name}` });
  await informer.start(ctx.signal);
  try {
    await stage(prereq, ctx, `the CA of ${webhook.kind} ${webhook.name} to be injected`, 'cert-manager\'s cainjector injects it: kubectl -n cert-manager logs deploy/cert-manager-cainjector', () =>
      waitFor(
        informer,
        (all) => all.some((w) => ((w as { webhooks?: { clientConfig?: { caBundle?: string } }[] }).webhooks ?? []).every((h) => (h.clientConfig?.caBundle ?? '') !== '')),
        ctx.signal,
      ),
    );
  } finally {
    informer.stop();
  }
}

/** What `cmctl check api` does: the webhook must accept and mutate a dry-run CertificateRequest. */
async function checkCertManagerApi(ctx: InstallContext): Promise<void> {
  const request = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: { generateName: 'devnet-api-check-', namespace: 'cert-manager' },
    spec: { request: Buffer.from(CHECK_CSR).toString('base64'), issuerRef: { name: 'devnet-api-check', kind: 'Issuer' } },
  };
  await retrying(
    async () => {
      const created = await ctx.kube.create<LiveObject & { spec?: { username?: string; uid?: string } }>(request, { dryRun: true, signal: ctx.signal });
      if (!created.spec?.username && !created.spec?.uid) throw new KubeApiError(503, 'NotMutated', 'the cert-manager webhook has not mutated the request yet', 'certificaterequests');
    },
    isWebhookRace,
    ctx.signal,
  );
}
