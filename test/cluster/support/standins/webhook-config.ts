/**
 * Points a manifest's webhook configurations at a stand-in: `clientConfig.service` (a Service
 * nobody answers here) becomes `clientConfig.url` on the stand-in's loopback port, keeping the
 * service's path, and `caBundle` gets the stand-in's CA. That is the cainjector's job plus a
 * reachable webhook. Configurations applied later (or re-applied) are caught by the watch.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Api } from './api.js';
import { watchResource, type ResourceWatch } from './watch.js';
import { WorkQueue } from './work-queue.js';

export type WebhookKind = 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';

export interface WebhookTarget {
  kind: WebhookKind;
  name: string;
}

interface ClientConfig {
  service?: { name: string; namespace: string; path?: string; port?: number };
  url?: string;
  caBundle?: string;
}

interface WebhookConfiguration {
  metadata?: { name?: string };
  webhooks?: { name: string; clientConfig?: ClientConfig }[];
}

export interface RedirectOptions {
  targets: readonly WebhookTarget[];
  baseUrl: string;
  caPem: string;
  /** Leave `caBundle` out for this long, as while cainjector has not run yet. */
  injectCaAfterMs?: number;
  onError: (what: string, error: unknown) => void;
}

const plural = (kind: WebhookKind) => (kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations');

export function redirectWebhooks(kc: KubeConfig, api: Api, options: RedirectOptions): { stop(): Promise<void> } {
  const caBundle = Buffer.from(options.caPem).toString('base64');
  let injected = (options.injectCaAfterMs ?? 0) <= 0;
  const queue = new WorkQueue<{ kind: WebhookKind; object: WebhookConfiguration }>(
    async ({ kind, object }) => {
      const webhooks = desiredWebhooks(object, options.baseUrl, injected ? caBundle : undefined);
      if (webhooks.length === 0) return;
      await api.patch({ apiVersion: 'admissionregistration.k8s.io/v1', plural: plural(kind), name: object.metadata?.name ?? '' }, { webhooks }, 'strategic');
    },
    (key, error) => options.onError(`pointing ${key} at the stand-in`, error),
  );
  const watches: ResourceWatch<WebhookConfiguration>[] = options.targets.map(({ kind, name }) =>
    watchResource<WebhookConfiguration>(kc, `/apis/admissionregistration.k8s.io/v1/${plural(kind)}`, (type, object) => {
      if (type === 'DELETED') queue.forget(`${kind}/${name}`);
      else queue.add(`${kind}/${name}`, { kind, object });
    }, { fieldSelector: `metadata.name=${name}`, onError: (error) => options.onError(`watching ${kind} ${name}`, error) }),
  );
  const injection = injected
    ? undefined
    : setTimeout(() => {
        injected = true;
        watches.forEach((watch, i) => watch.list().forEach((object) => {
          const target = options.targets[i];
          if (target !== undefined) queue.add(`${target.kind}/${target.name}`, { kind: target.kind, object });
        }));
      }, options.injectCaAfterMs);
  return {
    stop: async () => {
      clearTimeout(injection);
      watches.forEach((watch) => watch.stop());
      await queue.stop();
    },
  };
}

/** Strategic-merge entries (merged by webhook name) for the webhooks not yet pointing at us. */
function desiredWebhooks(object: WebhookConfiguration, baseUrl: string, caBundle: string | undefined): object[] {
  const out: object[] = [];
  for (const webhook of object.webhooks ?? []) {
    const current = webhook.clientConfig ?? {};
    const url = `${baseUrl}${pathOf(current)}`;
    const caMatches = caBundle === undefined ? (current.caBundle ?? '') === '' : current.caBundle === caBundle;
    if (current.service === undefined && current.url === url && caMatches) continue;
    // `service: null` deletes the field; exactly one of service and url may be set.
    out.push({ name: webhook.name, clientConfig: { service: null, url, caBundle: caBundle ?? null } });
  }
  return out;
}

function pathOf(config: ClientConfig): string {
  if (config.service !== undefined) return config.service.path ?? '/';
  return config.url === undefined ? '/' : new URL(config.url).pathname;
}
