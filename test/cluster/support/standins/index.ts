/**
 * Operator stand-ins for the cluster tier. No container ever runs on the test control plane, so
 * cert-manager's and scylla-operator's own processes never serve anything. These play, inside
 * the test process, only the effects devnet waits for.
 *
 * Contract
 * - cert-manager (`cert`):
 *   - Webhooks. Mutating and Validating `cert-manager-webhook` get `clientConfig.url:
 *     https://127.0.0.1:<port><service path>` in place of `clientConfig.service`, plus the
 *     stand-in's CA in `caBundle`. The configurations are caught whenever they are applied.
 *   - /mutate stamps spec.username/uid/groups/extra from userInfo on a created CertificateRequest.
 *     /validate denies a CertificateRequest whose spec.request is not a PEM certificate request.
 *     Everything else is allowed.
 *   - Secret `cert-manager/cert-manager-webhook-ca`, once the namespace exists.
 *   - Issuers and ClusterIssuers are marked Ready. A Certificate whose issuer is Ready gets its
 *     `kubernetes.io/tls` Secret (self-signed for its dnsNames) and is then marked Ready.
 * - scylla-operator (`scylla`):
 *   - Webhook. Validating `scylla-operator` is pointed at the stand-in the same way. It rejects a
 *     v1 ScyllaCluster (CREATE/UPDATE) without spec.version, or with a rack lacking non-zero
 *     cpu/memory limits, with the operator's message. Everything else is allowed.
 *   - Controller. Each ScyllaCluster owns StatefulSet `<name>-<dc>-<rack>` (members replicas, pods
 *     labelled `scylla/cluster`, image `<repository>:<version>`, a `data` claim from the rack's
 *     storage), Service `<name>-client` (9042 and the other Scylla ports) and one Service per
 *     member. Its status (observedGeneration, members, readyMembers, availableMembers, racks,
 *     Available/Progressing/Degraded) follows the StatefulSets. It becomes healthy once they are
 *     ready.
 * - Misbehaviour on purpose: see CertManagerBehaviour and ScyllaBehaviour (refused connections,
 *   late caBundle, calls failing with "failed calling webhook", never Available).
 * - Writes use field managers `devnet-standin-cert-manager` and `devnet-standin-scylla-operator`.
 *   The stand-ins touch nothing but the objects above.
 * - Run one stand-in of each kind at a time: two would keep pointing the same configurations at
 *   themselves, each undoing the other.
 *
 * Cleanup
 * - `stop()` closes the servers and ends every watch, retry and timer. It waits for writes in
 *   flight. It deletes nothing: the objects it wrote stay, as a stopped operator's would.
 * - Webhook configurations left behind point at a closed port, and their failurePolicy is Fail.
 *   They would then break every cert-manager.io and ScyllaCluster write of later test files on
 *   the shared control plane. Whoever applied them (directly or through `devnet up`) must call
 *   `deleteOperatorWebhooks()` when done. It also drops devnet's install record, so the next
 *   `devnet up` installs the prerequisites again instead of waiting on webhooks that are gone.
 *
 * Usage
 *   const standins = await startStandins({ kubeconfig: inject('kubeconfig'), scylla: { neverAvailable: true } });
 *   onTestFinished(async () => { await standins.stop(); await deleteOperatorWebhooks(inject('kubeconfig')); });
 * Windows given in ms (refuseConnectionsForMs, injectCaAfterMs, failCallsForMs) count from the
 * stand-in's start. Certificates come from the openssl CLI (node:crypto cannot make X.509), in a
 * scratch directory beside the kubeconfig that is removed at once. For vitest tests:
 * with-standins.ts (stand-ins scoped to one test, the fixtures installed once per file) and
 * fixtures.ts (retrying applies, waiting on a watch, evidence that nothing is left running).
 * This module itself does not import vitest.
 *
 * Caveat: re-applying the upstream webhook configurations (which carry `service`) while a
 * stand-in has put `url` there fails validation ("exactly one of url or service is required").
 * This is because server-side apply cannot remove a field owned by another manager. Delete them
 * first, as `deleteOperatorWebhooks()` does.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { Api } from './api.js';
import { CERT_MANAGER_WEBHOOKS, startCertManagerStandin, type CertManagerBehaviour } from './cert-manager.js';
import type { Standin, StandinOptions } from './context.js';
import { SCYLLA_OPERATOR_WEBHOOKS, startScyllaOperatorStandin, type ScyllaBehaviour } from './scylla-operator.js';

export { CERT_MANAGER_FIELD_MANAGER, CERT_MANAGER_WEBHOOKS, startCertManagerStandin, type CertManagerBehaviour } from './cert-manager.js';
export { SCYLLA_OPERATOR_FIELD_MANAGER, SCYLLA_OPERATOR_WEBHOOKS, startScyllaOperatorStandin, type ScyllaBehaviour } from './scylla-operator.js';
export type { Standin, StandinOptions } from './context.js';
export type { WebhookTarget } from './webhook-config.js';

export interface StandinsOptions extends StandinOptions {
  /** cert-manager's behaviour; `false` leaves it out. */
  cert?: CertManagerBehaviour | false;
  /** scylla-operator's behaviour; `false` leaves it out. */
  scylla?: ScyllaBehaviour | false;
}

export interface Standins {
  readonly certManager: Standin | undefined;
  readonly scyllaOperator: Standin | undefined;
  /** Errors both met and retried, for a failed test's message. */
  errors(): string[];
  stop(): Promise<void>;
}

export async function startStandins(options: StandinsOptions): Promise<Standins> {
  const { cert = {}, scylla = {}, ...common } = options;
  const certManager = cert === false ? undefined : await startCertManagerStandin({ ...common, behaviour: cert });
  let scyllaOperator: Standin | undefined;
  try {
    scyllaOperator = scylla === false ? undefined : await startScyllaOperatorStandin({ ...common, behaviour: scylla });
  } catch (error) {
    await certManager?.stop();
    throw error;
  }
  return {
    certManager,
    scyllaOperator,
    errors: () => [...(certManager?.errors ?? []), ...(scyllaOperator?.errors ?? [])],
    stop: async () => {
      await Promise.all([certManager?.stop(), scyllaOperator?.stop()]);
    },
  };
}

/**
 * Deletes the three webhook configurations the fixtures register; safe when they are gone already.
 * It also deletes devnet's record of installed prerequisites (ConfigMap
 * kube-public/devnet-prerequisites). A record left behind would make the next `devnet up` skip
 * the install and wait forever for a caBundle on configurations that no longer exist.
 */
export async function deleteOperatorWebhooks(kubeconfig: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = new Api(kc, 'devnet-cluster-tests');
  for (const { kind, name } of [...CERT_MANAGER_WEBHOOKS, ...SCYLLA_OPERATOR_WEBHOOKS]) {
    const plural = kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
    await api.remove({ apiVersion: 'admissionregistration.k8s.io/v1', plural, name });
  }
  await api.remove({ apiVersion: 'v1', plural: 'configmaps', namespace: 'kube-public', name: 'devnet-prerequisites' });
}
