/**
 * Helpers for tests that install the operator fixtures with the stand-ins running: applying
 * while the webhooks race (as devnet retries), bounded polling, waiting on a watch, and the
 * evidence that a stopped stand-in left nothing running.
 */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { apiErrorMessage } from '../kube.js';
import { UPSTREAM } from '../../../support/upstream.js';
import { applyServerSide, isAdmissionWebhook, readManifest } from '../manifests.js';
import { Api } from './api.js';
import type { WebhookTarget } from './webhook-config.js';
import { keyOf, watchResource, type WatchedObject } from './watch.js';

export const CERT_MANAGER_MANIFEST = UPSTREAM.certManager;
export const SCYLLA_OPERATOR_MANIFEST = UPSTREAM.scyllaOperator;
export const MANAGER_DEV_SCYLLA_CLUSTER = UPSTREAM.managerDevScyllaCluster;

/** The webhook configurations of both fixtures, in file order. */
export async function fixtureWebhookConfigurations(): Promise<KubernetesObject[]> {
  return [...(await readManifest(CERT_MANAGER_MANIFEST)), ...(await readManifest(SCYLLA_OPERATOR_MANIFEST))].filter(isAdmissionWebhook);
}

export type ScyllaClusterSpec = Record<string, unknown> & { datacenter: { racks: Record<string, unknown>[] } };

/** manager-dev.scyllacluster.yaml made to fit the single KWOK node: storage class `standard`, no placement. */
export async function managerDevCluster(namespace: string, edit: (spec: ScyllaClusterSpec) => void = () => {}): Promise<KubernetesObject & { spec: ScyllaClusterSpec }> {
  const [example] = await readManifest(MANAGER_DEV_SCYLLA_CLUSTER);
  const cluster = structuredClone(example) as KubernetesObject & { spec: ScyllaClusterSpec };
  cluster.metadata = { ...cluster.metadata, namespace };
  for (const rack of cluster.spec.datacenter.racks) {
    delete rack.placement;
    (rack.storage as { storageClassName: string }).storageClassName = 'standard';
  }
  edit(cluster.spec);
  return cluster;
}

/** A CertificateRequest like the one `cmctl check api` (and devnet) creates with a dry run. */
export const certificateRequest = (request: string): KubernetesObject => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'CertificateRequest',
  metadata: { generateName: 'standin-check-', namespace: 'cert-manager' },
  spec: { request: Buffer.from(request).toString('base64'), issuerRef: { name: 'standin-check', kind: 'Issuer' } },
} as KubernetesObject);

/**
 * The failures that heal by waiting, right after an install: a CRD not yet served, a webhook
 * not yet answering or not yet trusted. The same list devnet retries on.
 */
export function isTransient(error: unknown): boolean {
  const message = apiErrorMessage((error as { cause?: unknown }).cause ?? error);
  return /failed calling webhook|no matches for kind|could not find the requested resource|connection refused|x509|not found in list/i.test(message);
}

/** Retries `attempt` every 200ms while it fails with a transient error, for at most `timeoutMs`. */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs: number, transient: (error: unknown) => boolean = isTransient): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!transient(error) || Date.now() > deadline) throw error;
      await delay(200);
    }
  }
}

/** Server-side apply, object by object, each retried through the install races. */
export async function applyRetrying(kc: KubeConfig, objects: readonly KubernetesObject[], timeoutMs = 60_000): Promise<KubernetesObject[]> {
  const applied: KubernetesObject[] = [];
  for (const object of objects) applied.push(...(await eventually(() => applyServerSide(kc, [object]), timeoutMs)));
  return applied;
}

/**
 * Resolves with `check`'s first answer over the objects a watch has seen, re-evaluated on every
 * event; on timeout it fails naming what it waited for. Built on the stand-ins' own watch rather
 * than client-node's ListWatch: a ListWatch stopped while its first list is delivered still
 * opens its watch afterwards, and that watch lingers on the API server.
 */
export function waitUntil<T, R>(
  kc: KubeConfig,
  path: string,
  selectors: { fieldSelector?: string; labelSelector?: string },
  check: (objects: T[]) => R | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let lastError = '';
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      watch.stop();
      outcome();
    };
    // Events carry the API's JSON, which is what T describes (not client-node's models).
    const watch = watchResource<WatchedObject>(kc, path, () => {
      const result = check(watch.list() as T[]);
      if (result !== undefined) finish(() => resolve(result));
    }, { ...selectors, onError: (error) => (lastError = String(error)) });
    const timer = setTimeout(() => {
      const seen = watch.list().map((o) => `${keyOf(o)} ${JSON.stringify((o as { status?: unknown }).status ?? {}).slice(0, 300)}`);
      finish(() => reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}. Last seen: ${seen.join('; ') || '(nothing)'} ${lastError}`)));
    }, timeoutMs);
  });
}

interface WebhookConfiguration extends WatchedObject {
  webhooks?: { clientConfig?: { url?: string; service?: unknown; caBundle?: string } }[];
}

/** Resolves once every webhook of `target` calls `url`, with (or still without) the CA in caBundle. */
export async function waitWebhookPointsAt(kc: KubeConfig, target: WebhookTarget, url: string, caPem: string | undefined): Promise<void> {
  const caBundle = caPem === undefined ? '' : Buffer.from(caPem).toString('base64');
  const plural = target.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
  await waitUntil(kc, `/apis/admissionregistration.k8s.io/v1/${plural}`, { fieldSelector: `metadata.name=${target.name}` }, (items: WebhookConfiguration[]) => {
    const hooks = items[0]?.webhooks ?? [];
    const ready = hooks.length > 0 && hooks.every((h) => h.clientConfig?.url?.startsWith(`${url}/`) === true && (h.clientConfig.caBundle ?? '') === caBundle);
    return ready ? true : undefined;
  }, `${target.kind} ${target.name} to call ${url} ${caPem === undefined ? 'without a caBundle' : 'trusting the stand-in CA'}`);
}

/**
 * Watches the API server is serving now, per `<resource>.<group>`, from its
 * `apiserver_longrunning_requests` gauge: proof that a stopped stand-in's watches are gone.
 */
export async function servedWatches(kc: KubeConfig): Promise<Map<string, number>> {
  const metrics = await new Api(kc, 'devnet-cluster-tests').text('GET', '/metrics');
  const gauges = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('apiserver_longrunning_requests{') || !line.includes('verb="WATCH"')) continue;
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(line)?.[1] ?? '';
    const key = `${label('resource')}.${label('group')}`;
    gauges.set(key, (gauges.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return gauges;
}

/** Polls the gauge until `holds(now, before)` for every key (`<resource>.<group>`); fails naming the counts. */
export async function untilServedWatches(kc: KubeConfig, keys: readonly string[], before: Map<string, number>, holds: (now: number, before: number) => boolean, what: string): Promise<void> {
  await eventually(async () => {
    const now = await servedWatches(kc);
    const counts = keys.map((key) => `${key} ${now.get(key) ?? 0} (before ${before.get(key) ?? 0})`);
    if (!keys.every((key) => holds(now.get(key) ?? 0, before.get(key) ?? 0))) throw new Error(`watches are not ${what}: ${counts.join(', ')}`);
  }, 10_000, () => true);
}

/** This process's ref'd timers and listening servers. */
export function processHandles(): { timers: number; servers: number } {
  const all = process.getActiveResourcesInfo();
  return { timers: all.filter((r) => r === 'Timeout').length, servers: all.filter((r) => r === 'TCPServerWrap').length };
}

/** Whether a TCP connection to the URL's port is refused, as it is once nothing listens there. */
export function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
