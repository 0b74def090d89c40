/**
 * cert-manager's controller, reduced to its visible results: every Issuer and ClusterIssuer is
 * Ready, and every Certificate whose issuer is Ready gets its `kubernetes.io/tls` Secret (a
 * self-signed certificate for its DNS names) and then turns Ready. scylla-operator's manifest
 * relies on this for its webhook's serving certificate.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound, type Api } from './api.js';
import { selfSignedCertificate } from './pki.js';
import { keyOf, watchResource, type ResourceWatch, type WatchedObject } from './watch.js';
import { WorkQueue } from './work-queue.js';

interface Condition {
  type: string;
  status: string;
  observedGeneration?: number;
}

interface CertManagerObject extends WatchedObject {
  kind?: string;
  status?: { conditions?: Condition[] };
}

interface CertificateObject extends CertManagerObject {
  spec?: { secretName?: string; commonName?: string; dnsNames?: string[]; issuerRef?: { name: string; kind?: string; group?: string } };
}

export interface IssuanceOptions {
  api: Api;
  /** Where openssl may write for a moment (see pki.ts). */
  scratchDir: string;
  onError: (what: string, error: unknown) => void;
}

const GROUP_VERSION = 'cert-manager.io/v1';

export function startIssuance(kc: KubeConfig, options: IssuanceOptions): { stop(): Promise<void> } {
  const { api, onError } = options;
  const issuerQueue = new WorkQueue<CertManagerObject>((o) => markReady(api, o, 'IsReady', ''), (key, e) => onError(`marking issuer ${key} Ready`, e));
  const certificateQueue = new WorkQueue<CertificateObject>((o) => issue(o), (key, e) => onError(`issuing Certificate ${key}`, e));
  const watchOf = <T extends CertManagerObject>(plural: string, onChange: (object: T) => void) =>
    watchResource<T>(kc, `/apis/${GROUP_VERSION}/${plural}`, (type, object) => (type === 'DELETED' ? undefined : onChange(object)), {
      onError: (error) => onError(`watching ${plural}`, error),
    });
  const certificates: ResourceWatch<CertificateObject> = watchOf<CertificateObject>('certificates', (c) => certificateQueue.add(keyOf(c), c));
  // A Certificate waits for its issuer, so any issuer change gives the Certificates another look.
  const onIssuer = (object: CertManagerObject) => {
    issuerQueue.add(`${object.kind ?? ''}/${keyOf(object)}`, object);
    certificates.list().forEach((c) => certificateQueue.add(keyOf(c), c));
  };
  const issuers = watchOf<CertManagerObject>('issuers', onIssuer);
  const clusterIssuers = watchOf<CertManagerObject>('clusterissuers', onIssuer);

  async function issue(certificate: CertificateObject): Promise<void> {
    const issuer = issuerOf(certificate, issuers.list(), clusterIssuers.list());
    if (issuer === undefined || !readyForGeneration(issuer)) return;
    await ensureSecret(api, options.scratchDir, certificate);
    await markReady(api, certificate, 'Ready', 'Certificate is up to date and has not expired');
  }

  return {
    stop: async () => {
      [issuers, clusterIssuers, certificates].forEach((w) => w.stop());
      await Promise.all([issuerQueue.stop(), certificateQueue.stop()]);
    },
  };
}

function issuerOf(certificate: CertificateObject, issuers: CertManagerObject[], clusterIssuers: CertManagerObject[]): CertManagerObject | undefined {
  const ref = certificate.spec?.issuerRef;
  if (ref === undefined || (ref.group ?? 'cert-manager.io') !== 'cert-manager.io') return undefined; // external issuers are not played
  if (ref.kind === 'ClusterIssuer') return clusterIssuers.find((i) => i.metadata?.name === ref.name);
  return issuers.find((i) => i.metadata?.name === ref.name && i.metadata?.namespace === certificate.metadata?.namespace);
}

function readyForGeneration(object: CertManagerObject): boolean {
  const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === object.metadata?.generation;
}

/** Server-side apply of the Ready condition on the status subresource, unless it is already there. */
async function markReady(api: Api, object: CertManagerObject, reason: string, message: string): Promise<void> {
  if (readyForGeneration(object)) return;
  const { name, namespace, generation } = object.metadata ?? {};
  const plural = { Issuer: 'issuers', ClusterIssuer: 'clusterissuers', Certificate: 'certificates' }[object.kind ?? ''] ?? '';
  const condition = { type: 'Ready', status: 'True', reason, message, observedGeneration: generation, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  const status = object.kind === 'Certificate' ? { conditions: [condition], ...validity(), revision: 1 } : { conditions: [condition] };
  try {
    await api.patch({ apiVersion: GROUP_VERSION, plural, namespace, name, subresource: 'status' }, { apiVersion: GROUP_VERSION, kind: object.kind, metadata: { name, namespace }, status }, 'apply');
  } catch (error) {
    if (!isNotFound(error)) throw error; // deleted meanwhile: nothing left to mark
  }
}

function validity(): { notBefore: string; notAfter: string; renewalTime: string } {
  const day = 24 * 3600 * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const now = Date.now();
  return { notBefore: iso(now), notAfter: iso(now + 7 * day), renewalTime: iso(now + 5 * day) };
}

/** The Secret cert-manager writes for a Certificate; made again only when it no longer matches (another Certificate, other names). */
async function ensureSecret(api: Api, scratchDir: string, certificate: CertificateObject): Promise<void> {
  const { name = '', namespace = '' } = certificate.metadata ?? {};
  const secretName = certificate.spec?.secretName ?? name;
  const ref = { apiVersion: 'v1', plural: 'secrets', namespace, name: secretName };
  const dnsNames = certificate.spec?.dnsNames ?? [];
  const existing = await api.get<{ metadata?: { annotations?: Record<string, string> } }>(ref);
  const made = existing?.metadata?.annotations ?? {};
  if (made['cert-manager.io/certificate-name'] === name && made['cert-manager.io/alt-names'] === dnsNames.join(',')) return;
  const pair = await selfSignedCertificate(scratchDir, certificate.spec?.commonName ?? dnsNames[0] ?? name, dnsNames);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const issuerRef = certificate.spec?.issuerRef;
  await api.patch(ref, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretName,
      namespace,
      labels: { 'controller.cert-manager.io/fao': 'true' },
      annotations: {
        'cert-manager.io/certificate-name': name,
        'cert-manager.io/alt-names': dnsNames.join(','),
        'cert-manager.io/issuer-name': issuerRef?.name ?? '',
        'cert-manager.io/issuer-kind': issuerRef?.kind ?? 'Issuer',
        'cert-manager.io/issuer-group': issuerRef?.group ?? 'cert-manager.io',
      },
    },
    type: 'kubernetes.io/tls',
    // A selfSigned issuer's ca.crt is the certificate itself.
    data: { 'tls.crt': b64(pair.certPem), 'tls.key': b64(pair.keyPem), 'ca.crt': b64(pair.certPem) },
  }, 'apply');
}
