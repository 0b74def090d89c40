/**
 * Every devnet this machine can see: on each kind cluster (devnet's own or not) and on the
 * contexts the user names. Each devnet is found by its record (src/tasks/record.ts) and counted
 * once, at the first place that shows it.
 */
import { join } from 'node:path';
import { kindClusters, kindContext, kindKubeconfig } from '../cluster/kind.js';
import { ClusterError } from '../errors/index.js';
import { Kube } from '../kube/client.js';
import { summarisePod, type PodObject } from '../kube/conditions.js';
import { LABEL } from '../render/labels.js';
import { isFile } from '../system/files.js';
import type { Io } from '../system/io.js';
import { kindHere } from './kind-tool.js';
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
  const kind = await kindHere(io, signal);
  const names = await kindClusters(kind).catch((error: unknown) => {
    // With no context to look at either, there is nothing to report on: the error is the answer.
    if (contexts.length === 0) throw error;
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
  const unreachable = new Map<Place, string>();
  const seen = new Set<string>();
  const read = new Map<Place, { records: FoundRecord[]; pods: PodObject[] }>();
  for (const place of places) {
    try {
      const records = await listRecords(place.kube, signal);
      const pods = records.length === 0 ? [] : (await place.kube.list<PodObject>('v1', 'Pod', { labelSelector: `${LABEL.partOf}=devnet`, signal })).items;
      read.set(place, { records, pods });
    } catch (error) {
      unreachable.set(place, `${place.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (places.length > 0 && read.size === 0) {
    throw new ClusterError(`Could not read any of ${places.map((p) => p.label).join(', ')}.`, {
      details: [...unreachable.values()],
      hint: 'check that the clusters run and your kubeconfig reaches them (kubectl --context NAME get namespaces)',
    });
  }
  // First where each devnet says it was deployed, then anywhere else it is seen.
  for (const strict of [true, false]) {
    for (const [place, { records, pods }] of read) {
      for (const found of records.filter((f) => !seen.has(f.uid) && (!strict || deployedTo(f, place)))) {
        seen.add(found.uid);
        rows.push(rowOf(found, place, pods, now));
      }
    }
  }
  return { rows, unreachable: [...unreachable.values()] };
}

function rowOf(found: FoundRecord, place: Place, pods: PodObject[], now: number): DevnetRow {
  const own = pods.filter((p) => p.metadata.labels?.[LABEL.instance] === found.record.devnet && found.record.namespaces.includes(p.metadata.namespace ?? ''));
  // Counted against what the profile plans, so a replica never created shows as not ready, not
  // as absent; a Job's pod (storage init) is not one of them.
  const planned = found.record.pods;
  const counted = planned === undefined ? own : own.filter((p) => !p.metadata.ownerReferences?.some((o) => o.kind === 'Job'));
  return {
    devnet: found.record.devnet,
    network: found.record.network,
    place,
    found,
    ageSeconds: Math.max(0, Math.floor((now - Date.parse(found.record.createdAt)) / 1000)),
    expiresAt: found.record.expiresAt,
    expired: expired(found.record, now),
    ready: counted.filter((p) => ['ready', 'succeeded'].includes(summarisePod(p).state)).length,
    total: Math.max(planned ?? 0, counted.length),
  };
}

/** The place the devnet's up deployed it to: its kind cluster by name, or a context. */
function deployedTo(found: FoundRecord, place: Place): boolean {
  return found.record.cluster.provider === place.provider && (place.provider === 'existing' || found.record.cluster.name === place.name);
}
