/**
 * Installs one prerequisite with server-side apply and waits for what "ready" really means:
 * CRDs established, deployments available, webhooks served with their CA injected, and for
 * cert-manager an API check (a dry-run CertificateRequest the webhook mutates). Applies retry on
 * the known webhook races. Skipped when the same version is already installed and ready.
 */
import { parseAllDocuments } from 'yaml';
import type { Kube, LiveObject } from '../kube/client.js';
import { KubeApiError } from '../kube/client.js';
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
    ctx.note(`${prereq.name} ${prereq.version} is already installed; checking it is ready`);
    await waitReady(prereq, ctx);
    return 'already';
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

export function parseManifest(text: string): LiveObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as LiveObject | null)
    .filter((o): o is LiveObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

async function waitCrds(prereq: Prerequisite, ctx: InstallContext): Promise<void> {
  const crds = new Informer(ctx.kube, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  await crds.start(ctx.signal);
  try {
    ctx.note(`waiting for the ${prereq.name} CRDs to be established`);
    await waitFor(crds, (all) => prereq.crds.every((name) => all.some((c) => c.metadata.name === name && crdEstablished(c))), ctx.signal);
  } finally {
    crds.stop();
  }
}

async function waitReady(prereq: Prerequisite, ctx: InstallContext): Promise<void> {
  await waitCrds(prereq, ctx);
  const deployments = new Informer(ctx.kube, 'apps/v1', 'Deployment', { namespace: prereq.namespace });
  await deployments.start(ctx.signal);
  try {
    ctx.note(`waiting for ${prereq.deployments.join(', ')} to be available`);
    await waitFor(deployments, (all) => prereq.deployments.every((name) => all.some((d) => d.metadata.name === name && deploymentAvailable(d))), ctx.signal);
  } finally {
    deployments.stop();
  }
  for (const webhook of prereq.webhooks) await waitCaBundle(webhook, ctx);
  if (prereq.name === 'cert-manager') await checkCertManagerApi(ctx);
}

async function waitCaBundle(webhook: Prerequisite['webhooks'][number], ctx: InstallContext): Promise<void> {
  const informer = new Informer(ctx.kube, 'admissionregistration.k8s.io/v1', webhook.kind, { fieldSelector: `metadata.name=${webhook.name}` });
  await informer.start(ctx.signal);
  try {
    ctx.note(`waiting for the CA of ${webhook.kind} ${webhook.name} to be injected`);
    await waitFor(
      informer,
      (all) => all.some((w) => ((w as { webhooks?: { clientConfig?: { caBundle?: string } }[] }).webhooks ?? []).every((h) => (h.clientConfig?.caBundle ?? '') !== '')),
      ctx.signal,
    );
  } finally {
    informer.stop();
  }
}

/** What `cmctl check api` does: the webhook must accept and mutate a dry-run CertificateRequest. */
async function checkCertManagerApi(ctx: InstallContext): Promise<void> {
  ctx.note('checking that the cert-manager API answers (dry-run CertificateRequest)');
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
