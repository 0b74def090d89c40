/**
 * The cert-manager stand-in: its webhook (served on loopback, with cainjector's work done on
 * the two `cert-manager-webhook` configurations), the `cert-manager-webhook-ca` Secret the real
 * webhook creates, and the issuance results scylla-operator's manifest waits for.
 */
import { mutateCertManagerObject, validateCertManagerObject } from './cert-manager-admission.js';
import { startIssuance } from './cert-manager-issuance.js';
import { standinContext, type Standin, type StandinContext, type StandinOptions } from './context.js';
import { createServingPki, type ServingPki } from './pki.js';
import { redirectWebhooks, type WebhookTarget } from './webhook-config.js';
import { startWebhookServer } from './webhook-server.js';
import { watchResource, type WatchedObject } from './watch.js';
import { WorkQueue } from './work-queue.js';

export const CERT_MANAGER_FIELD_MANAGER = 'devnet-standin-cert-manager';

export const CERT_MANAGER_WEBHOOKS: readonly WebhookTarget[] = [
  { kind: 'MutatingWebhookConfiguration', name: 'cert-manager-webhook' },
  { kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook' },
];

const NAMESPACE = 'cert-manager';
const CA_SECRET = 'cert-manager-webhook-ca';

export interface CertManagerBehaviour {
  /** Nothing listens on the webhook's port for this long: calls fail with "connection refused". */
  refuseConnectionsForMs?: number;
  /** The webhook configurations get their caBundle only after this long ("x509: certificate signed by unknown authority" until then). */
  injectCaAfterMs?: number;
}

export async function startCertManagerStandin(options: StandinOptions & { behaviour?: CertManagerBehaviour }): Promise<Standin> {
  const context = standinContext(options, CERT_MANAGER_FIELD_MANAGER);
  const behaviour = options.behaviour ?? {};
  const pki = await createServingPki(context.scratchDir, 'cert-manager-webhook-standin');
  const server = await startWebhookServer({
    pki,
    routes: { '/mutate': mutateCertManagerObject, '/validate': validateCertManagerObject },
    listenAfterMs: behaviour.refuseConnectionsForMs,
    onError: (error) => context.onError('serving an admission review', error),
  });
  const webhooks = redirectWebhooks(context.kc, context.api, {
    targets: CERT_MANAGER_WEBHOOKS,
    baseUrl: server.baseUrl,
    caPem: pki.ca.certPem,
    injectCaAfterMs: behaviour.injectCaAfterMs,
    onError: context.onError,
  });
  const caSecret = keepCaSecret(context, pki);
  const issuance = startIssuance(context.kc, context);
  return {
    url: server.baseUrl,
    caPem: pki.ca.certPem,
    listening: server.listening,
    errors: context.errors,
    stop: async () => {
      await Promise.all([webhooks.stop(), caSecret.stop(), issuance.stop()]);
      await server.close();
    },
  };
}

/** The real webhook writes its CA to this Secret at start; here it is written once the namespace exists. */
function keepCaSecret(context: StandinContext, pki: ServingPki): { stop(): Promise<void> } {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const queue = new WorkQueue<unknown>(async () => {
    await context.api.patch({ apiVersion: 'v1', plural: 'secrets', namespace: NAMESPACE, name: CA_SECRET }, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: CA_SECRET, namespace: NAMESPACE, annotations: { 'cert-manager.io/allow-direct-injection': 'true' } },
      data: { 'ca.crt': b64(pki.ca.certPem), 'tls.crt': b64(pki.ca.certPem), 'tls.key': b64(pki.ca.keyPem) },
    }, 'apply');
  }, (_, error) => context.onError(`writing Secret ${NAMESPACE}/${CA_SECRET}`, error));
  const namespaces = watchResource<WatchedObject>(context.kc, '/api/v1/namespaces', (type, namespace) => {
    if (type !== 'DELETED' && namespace.metadata?.deletionTimestamp === undefined) queue.add(NAMESPACE, namespace);
  }, { fieldSelector: `metadata.name=${NAMESPACE}`, onError: (error) => context.onError(`watching namespace ${NAMESPACE}`, error) });
  return {
    stop: async () => {
      namespaces.stop();
      await queue.stop();
    },
  };
}
