/** Removing what devnet made: whole namespaces (down, a reset) or single left-over objects (prune). */
import type { Kube, LiveObject } from '../../kube/client.js';
import { Informer } from '../../kube/informer.js';
import { waitFor } from '../../kube/wait.js';
import { devnetSelector } from '../../render/labels.js';

/** Deletes the devnet's namespaces and waits until they are gone; returns how many there were. */
export async function removeNamespaces(kube: Kube, devnet: string, signal: AbortSignal, note: (m: string) => void, only?: (ns: LiveObject) => boolean): Promise<number> {
  const namespaces = new Informer(kube, 'v1', 'Namespace', { labelSelector: devnetSelector(devnet) });
  await namespaces.start(signal);
  try {
    const doomed = namespaces.list().filter((ns) => only?.(ns) ?? true);
    if (doomed.length === 0) return 0;
    note(`deleting namespace${doomed.length > 1 ? 's' : ''} ${doomed.map((ns) => ns.metadata.name).join(', ')}`);
    await Promise.all(doomed.map((ns) => kube.delete('v1', 'Namespace', undefined, ns.metadata.name, signal)));
    const names = new Set(doomed.map((ns) => ns.metadata.name));
    await waitFor(namespaces, (all) => !all.some((ns) => names.has(ns.metadata.name)), signal);
    return doomed.length;
  } finally {
    namespaces.stop();
  }
}

/**
 * Deletes left-over objects (keys "Kind/namespace/name" from Applier.stale). Namespaces go as a
 * whole; objects inside a namespace being deleted need no separate delete.
 */
export async function prune(kube: Kube, stale: string[], signal: AbortSignal, note: (m: string) => void): Promise<number> {
  const parsed = stale.map((key) => {
    const [kind = '', namespace = '', name = ''] = key.split('/');
    return { kind, namespace, name, key };
  });
  const goneNamespaces = new Set(parsed.filter((p) => p.kind === 'Namespace').map((p) => p.name));
  const objects = parsed.filter((p) => p.kind !== 'Namespace' && !goneNamespaces.has(p.namespace));
  for (const object of objects) {
    const apiVersion = API_VERSIONS[object.kind];
    if (apiVersion === undefined || object.kind === 'Namespace') continue;
    note(`removing ${object.kind} ${object.namespace}/${object.name}`);
    await kube.delete(apiVersion, object.kind, object.namespace || undefined, object.name, signal);
  }
  if (goneNamespaces.size > 0) await removeNamespacesByName(kube, [...goneNamespaces], signal, note);
  return objects.length + goneNamespaces.size;
}

async function removeNamespacesByName(kube: Kube, names: string[], signal: AbortSignal, note: (m: string) => void): Promise<void> {
  note(`deleting namespace${names.length > 1 ? 's' : ''} ${names.join(', ')} (validators the profile no longer has)`);
  await Promise.all(names.map((name) => kube.delete('v1', 'Namespace', undefined, name, signal)));
  const informer = new Informer(kube, 'v1', 'Namespace');
  await informer.start(signal);
  try {
    await waitFor(informer, (all) => !all.some((ns) => names.includes(ns.metadata.name)), signal);
  } finally {
    informer.stop();
  }
}

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  ScyllaCluster: 'scylla.scylladb.com/v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
  Gateway: 'gateway.networking.k8s.io/v1',
  GRPCRoute: 'gateway.networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  Issuer: 'cert-manager.io/v1',
  Certificate: 'cert-manager.io/v1',
};

/** Every kind devnet creates, so left-overs of any of them are found. */
export const PRUNABLE_KINDS = Object.entries(API_VERSIONS).map(([kind, apiVersion]) => ({ apiVersion, kind }));
