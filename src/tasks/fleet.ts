/**
 * Every devnet this machine can see: on each kind cluster (devnet's own or not) and on the
 * contexts the user names. Each devnet is found by its record (src/tasks/record.ts) and counted
 * once, at the first place that shows it.
 */
import { join } from 'node:path';
import { kindClusters, kindContext, kindKubeconfig } from '../cluster/kind.js';
import { Kube } from '../kube/client.js';
import { summarisePod, type PodObject } from '../kube/conditions.js';
import { LABEL } from '../render/labels.js';
import { isFile } from '../system/files.js';
import type { Io } from '../system/io.js';
import { run } from '../system/process.js';
import { clusterStateDir, userKubeconfig } from './target.js';
import { expired, listRecords, type FoundRecord } from './record.js';

export interface Place {
  /** "kind cluster ci" or "context staging". */
  label: string;
  provider: 'kind' | 'existing';
  /** kind cluster name, or the context. */
  name: string;
  kube: Kube;
  /** The kubeconfig file devnet keeps for a kind cluster (kind delete cluster cleans its context there). */
  kubeconfig: string;
  /** A kind cluster devnet created (it carries kube-public/devnet-cluster). */
  createdByDevnet: boolean;
}

export interface DevnetRow {
  devnet: string;
  network: string;
  place: Place;
  found: FoundRecord;
  ageSeconds: number;
  expiresAt?: string | undefined;
  expired: boolean;
  ready: number;
  total: number;
}

export interface Fleet {
  rows: DevnetRow[];
  /** Places that could not be read, with why. */
  unreachable: string[];
}

export async function findPlaces(io: Io, contexts: readonly string[], kubeconfig: string | undefined, signal: AbortSignal): Promise<{ places: Place[]; unreachable: string[] }> {
  const places: Place[] = [];
  const unreachable: string[] = [];
  const kind = { run, env: { ...io.env }, signal };
  const names = await kindClusters(kind).catch((error: unknown) => {
    unreachable.push(`kind clusters: ${error instanceof Error ? error.message : String(error)}`);
    return [] as string[];
  });
  for (const name of names) {
    const saved = join(clusterStateDir(io, name), 'kubeconfig');
    try {
      const target = (await isFile(saved)) ? { kubeconfig: saved, context: kindContext(name) } : { kubeconfig: saved, kubeconfigYaml: await kindKubeconfig(name, kind), context: kindContext(name) };
      const kube = Kube.connect(target);
      const marker = await kube.get('v1', 'ConfigMap', 'kube-public', 'devnet-cluster', AbortSignal.any([signal, AbortSignal.timeout(10_000)]));
      places.push({ label: `kind cluster ${name}`, provider: 'kind', name, kube, kubeconfig: saved, createdByDevnet: marker !== undefined });
    } catch (error) {
      unreachable.push(`kind cluster ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const context of contexts) {
    const file = userKubeconfig(io, { kubeconfig });
    places.push({ label: `context ${context}`, provider: 'existing', name: context, kube: Kube.connect({ kubeconfig: file, context }), kubeconfig: file, createdByDevnet: false });
  }
  return { places, unreachable };
}

export async function survey(places: readonly Place[], signal: AbortSignal, now = Date.now()): Promise<Fleet> {
  const rows: DevnetRow[] = [];
  const unreachable: string[] = [];
  const seen = new Set<string>();
  for (const place of places) {
    try {
      const records = (await listRecords(place.kube, signal)).filter((f) => belongs(f, place) && !seen.has(f.uid));
      if (records.length === 0) continue;
      const pods = await place.kube.list<PodObject>('v1', 'Pod', { labelSelector: `${LABEL.partOf}=devnet`, signal });
      for (const found of records) {
        seen.add(found.uid);
        const own = pods.items.filter((p) => p.metadata.labels?.[LABEL.instance] === found.record.devnet && found.record.namespaces.includes(p.metadata.namespace ?? ''));
        const ready = own.filter((p) => ['ready', 'succeeded'].includes(summarisePod(p).state)).length;
        rows.push({
          devnet: found.record.devnet,
          network: found.record.network,
          place,
          found,
          ageSeconds: Math.max(0, Math.floor((now - Date.parse(found.record.createdAt)) / 1000)),
          expiresAt: found.record.expiresAt,
          expired: expired(found.record, now),
          ready,
          total: own.length,
        });
      }
    } catch (error) {
      unreachable.push(`${place.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { rows, unreachable };
}

/** On a kind cluster, the devnets deployed to that cluster (kind clusters never share an API server). */
function belongs(found: FoundRecord, place: Place): boolean {
  return place.provider === 'existing' || (found.record.cluster.provider === 'kind' && found.record.cluster.name === place.name) || found.record.cluster.provider === 'existing';
}
