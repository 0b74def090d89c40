/**
 * The scylla-operator stand-in: its validating webhook (served on loopback, with the
 * `scylla-operator` configuration pointed at it) and its ScyllaCluster controller.
 */
import { standinContext, type Standin, type StandinOptions } from './context.js';
import { createServingPki } from './pki.js';
import { validateScyllaObject } from './scylla-admission.js';
import { startScyllaController } from './scylla-controller.js';
import { redirectWebhooks, type WebhookTarget } from './webhook-config.js';
import { startWebhookServer, type Handler } from './webhook-server.js';

export const SCYLLA_OPERATOR_FIELD_MANAGER = 'devnet-standin-scylla-operator';

export const SCYLLA_OPERATOR_WEBHOOKS: readonly WebhookTarget[] = [{ kind: 'ValidatingWebhookConfiguration', name: 'scylla-operator' }];

export interface ScyllaBehaviour {
  /** Nothing listens on the webhook's port for this long: calls fail with "connection refused". */
  refuseConnectionsForMs?: number;
  /** The webhook configuration gets its caBundle only after this long. */
  injectCaAfterMs?: number;
  /**
   * For this long the webhook answers every review with HTTP 503 and no AdmissionReview; the
   * API server then fails the request with an InternalError "failed calling webhook".
   */
  failCallsForMs?: number;
  /**
   * The first this many reviews are answered the same way, however long anything before them
   * took: for tests that must see a refusal whatever the machine's speed.
   */
  failFirstCalls?: number;
  /** ScyllaClusters that never become Available (true: all of them). Their pods still run. */
  neverAvailable?: boolean | ((cluster: { namespace: string; name: string }) => boolean);
}

export async function startScyllaOperatorStandin(options: StandinOptions & { behaviour?: ScyllaBehaviour }): Promise<Standin> {
  const context = standinContext(options, SCYLLA_OPERATOR_FIELD_MANAGER);
  const behaviour = options.behaviour ?? {};
  const pki = await createServingPki(context.scratchDir, 'scylla-operator-webhook-standin');
  const failUntil = Date.now() + (behaviour.failCallsForMs ?? 0);
  let toRefuse = behaviour.failFirstCalls ?? 0;
  const validate: Handler = (request) => {
    if (toRefuse > 0) {
      toRefuse -= 1;
      return 'unavailable';
    }
    return Date.now() < failUntil ? 'unavailable' : validateScyllaObject(request);
  };
  const server = await startWebhookServer({
    pki,
    routes: { '/validate': validate },
    listenAfterMs: behaviour.refuseConnectionsForMs,
    onError: (error) => context.onError('serving an admission review', error),
  });
  const webhooks = redirectWebhooks(context.kc, context.api, {
    targets: SCYLLA_OPERATOR_WEBHOOKS,
    baseUrl: server.baseUrl,
    caPem: pki.ca.certPem,
    injectCaAfterMs: behaviour.injectCaAfterMs,
    onError: context.onError,
  });
  const neverAvailable = behaviour.neverAvailable ?? false;
  const controller = startScyllaController(context, { holdBack: typeof neverAvailable === 'function' ? neverAvailable : () => neverAvailable });
  return {
    url: server.baseUrl,
    caPem: pki.ca.certPem,
    listening: server.listening,
    errors: context.errors,
    stop: async () => {
      await Promise.all([webhooks.stop(), controller.stop()]);
      await server.close();
    },
  };
}
