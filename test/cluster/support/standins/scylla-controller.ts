/**
 * scylla-operator's ScyllaCluster controller, reduced to its visible results: the StatefulSets
 * and Services a cluster owns (server-side applied, so re-running is harmless), and a status
 * that follows the StatefulSets until every member is ready. KWOK then plays the pods.
 */
import { isNotFound } from './api.js';
import type { StandinContext } from './context.js';
import { CLUSTER_LABEL, racksOf, renderClientService, renderMemberServices, renderStatefulSet, statefulSetName, type ScyllaCluster } from './scylla-resources.js';
import { renderStatus, statusDiffers, type StatefulSetObject } from './scylla-status.js';
import { keyOf, watchResource } from './watch.js';
import { WorkQueue } from './work-queue.js';

export interface ScyllaControllerOptions {
  /** Clusters to keep Progressing and not Available whatever their pods do. */
  holdBack: (cluster: { namespace: string; name: string }) => boolean;
}

const SCYLLA = 'scylla.scylladb.com/v1';

export function startScyllaController(context: StandinContext, options: ScyllaControllerOptions): { stop(): Promise<void> } {
  const { kc, onError } = context;
  const queue = new WorkQueue<ScyllaCluster>((cluster) => reconcile(context, cluster, options), (key, e) => onError(`reconciling ScyllaCluster ${key}`, e));
  const clusters = watchResource<ScyllaCluster>(kc, `/apis/${SCYLLA}/scyllaclusters`, (type, cluster) => {
    if (type === 'DELETED') queue.forget(keyOf(cluster));
    else queue.add(keyOf(cluster), cluster);
  }, { onError: (error) => onError('watching ScyllaClusters', error) });
  // A StatefulSet's progress is its cluster's status: hand the owning cluster back to the queue.
  const sets = watchResource<StatefulSetObject & { metadata?: { namespace?: string; labels?: Record<string, string> } }>(kc, '/apis/apps/v1/statefulsets', (type, set) => {
    const owner = clusters.list().find((c) => c.metadata.namespace === set.metadata?.namespace && c.metadata.name === set.metadata?.labels?.[CLUSTER_LABEL]);
    if (owner !== undefined && type !== 'DELETED') queue.add(keyOf(owner), owner);
  }, { labelSelector: CLUSTER_LABEL, onError: (error) => onError('watching StatefulSets', error) });
  return {
    stop: async () => {
      clusters.stop();
      sets.stop();
      await queue.stop();
    },
  };
}

async function reconcile(context: StandinContext, cluster: ScyllaCluster, options: ScyllaControllerOptions): Promise<void> {
  if (cluster.metadata.deletionTimestamp !== undefined) return; // the garbage collector removes what it owns
  const { api } = context;
  const { namespace, name } = cluster.metadata;
  const apply = <T>(plural: string, apiVersion: string, object: object) =>
    api.patch<T>({ apiVersion, plural, namespace, name: (object as { metadata: { name: string } }).metadata.name }, object, 'apply');
  try {
    const sets = new Map<string, StatefulSetObject>();
    for (const rack of racksOf(cluster)) {
      sets.set(statefulSetName(cluster, rack), await apply<StatefulSetObject>('statefulsets', 'apps/v1', renderStatefulSet(cluster, rack)));
      for (const service of renderMemberServices(cluster, rack)) await apply('services', 'v1', service);
    }
    await apply('services', 'v1', renderClientService(cluster));
    const status = renderStatus(cluster, sets, options.holdBack({ namespace, name }), new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    if (!statusDiffers(cluster.status, status)) return;
    await api.patch({ apiVersion: SCYLLA, plural: 'scyllaclusters', namespace, name, subresource: 'status' }, { apiVersion: SCYLLA, kind: 'ScyllaCluster', metadata: { name, namespace }, status }, 'apply');
  } catch (error) {
    // The cluster (or its namespace) went away meanwhile; its watch event will say so.
    if (isNotFound(error) || /is being terminated/.test((error as Error).message)) return;
    throw error;
  }
}
