/**
 * The fixtures' operators for one test: both manifests installed once per test file, the
 * webhook configurations applied afresh for each test and pointed at that test's stand-ins,
 * which stop (and the configurations go) when the test finishes.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { inject, onTestFinished } from 'vitest';
import { clusterKubeConfig } from '../kube.js';
import { readManifest } from '../manifests.js';
import { applyRetrying, CERT_MANAGER_MANIFEST, fixtureWebhookConfigurations, SCYLLA_OPERATOR_MANIFEST, waitUntil, waitWebhookPointsAt } from './fixtures.js';
import { CERT_MANAGER_WEBHOOKS, deleteOperatorWebhooks, SCYLLA_OPERATOR_WEBHOOKS, startStandins, type Standins, type StandinsOptions } from './index.js';

export type Behaviour = Omit<StandinsOptions, 'kubeconfig'>;

/** Stand-ins for the current test only: stopped, and the webhook configurations deleted, when it finishes. */
export async function withStandins(options: Behaviour = {}): Promise<Standins> {
  const kubeconfig = inject('kubeconfig');
  const standins = await startStandins({ kubeconfig, ...options });
  onTestFinished(async () => {
    await standins.stop();
    await deleteOperatorWebhooks(kubeconfig);
  });
  return standins;
}

export interface Installed {
  applied: KubernetesObject[];
  /** The CA of the cert-manager stand-in that served the install. */
  caPem: string;
}

let installing: Promise<Installed> | undefined;

/**
 * Both fixtures, once per test file, in order: cert-manager.yaml, then operator.yaml, whose
 * Issuer and Certificate go through the cert-manager webhook. Stand-ins of its own serve the
 * install, so a test's misbehaving ones only ever meet webhook configurations applied afresh.
 */
export function installFixtures(): Promise<Installed> {
  installing ??= (async () => {
    const kubeconfig = inject('kubeconfig');
    const kc = clusterKubeConfig();
    const standins = await startStandins({ kubeconfig });
    try {
      const applied = [...(await applyRetrying(kc, await readManifest(CERT_MANAGER_MANIFEST))), ...(await applyRetrying(kc, await readManifest(SCYLLA_OPERATOR_MANIFEST)))];
      const ready = (c: { status?: { conditions?: { type: string; status: string }[] } }) => c.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
      await waitUntil(kc, '/apis/cert-manager.io/v1/namespaces/scylla-operator/certificates', {}, (items: { status?: { conditions?: { type: string; status: string }[] } }[]) =>
        items.find(ready), 'Certificate scylla-operator-serving-cert Ready');
      return { applied, caPem: standins.certManager?.caPem ?? '' };
    } finally {
      await standins.stop();
      await deleteOperatorWebhooks(kubeconfig);
    }
  })();
  return installing;
}

/**
 * Fixtures installed, the webhook configurations applied afresh and pointed at this test's
 * stand-ins (`withCa: false`: before the CA is injected). Nothing waits for the servers to listen.
 */
export async function operators(options: Behaviour = {}, { withCa = true } = {}): Promise<Standins> {
  const kc = clusterKubeConfig();
  await installFixtures();
  const standins = await withStandins(options);
  const served = [[standins.certManager, CERT_MANAGER_WEBHOOKS], [standins.scyllaOperator, SCYLLA_OPERATOR_WEBHOOKS]] as const;
  // Only the configurations a stand-in answers for: another would refuse every write it intercepts.
  const targets = served.flatMap(([standin, list]) => (standin === undefined ? [] : list));
  const configurations = (await fixtureWebhookConfigurations()).filter((o) => targets.some((t) => t.kind === o.kind && t.name === o.metadata?.name));
  await applyRetrying(kc, configurations);
  for (const [standin, list] of served) {
    for (const target of standin === undefined ? [] : list) await waitWebhookPointsAt(kc, target, standin?.url ?? '', withCa ? standin?.caPem : undefined);
  }
  return standins;
}

/** As operators(), and every webhook already answering. */
export async function readyOperators(options: Behaviour = {}): Promise<Standins> {
  const standins = await operators(options);
  await Promise.all([standins.certManager?.listening, standins.scyllaOperator?.listening]);
  return standins;
}
