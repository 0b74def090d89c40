/**
 * What devnet chaos has changed and not undone yet, kept in the cluster beside the devnet (the
 * ConfigMap `devnet-chaos` in its first validator's namespace), so `chaos status`, `chaos clear`,
 * `down` and the dashboard know it whichever process made it, and a Ctrl-C in the middle leaves
 * something the next command can clean. It carries no instance label: `up`'s prune never sees it.
 */
import type { ChaosAction } from '../../config/chaos.js';
import type { PodName } from '../../cluster/node-faults.js';
import type { Kube, LiveObject } from '../../kube/client.js';
import { Informer } from '../../kube/informer.js';
import { validatorNamespace } from '../../networks/naming.js';
import { LABEL } from '../../render/labels.js';

export const CHAOS_RECORD = 'devnet-chaos';
export const CHAOS_LABEL = 'devnet/chaos';

export interface Fault {
  /** Short and unique: it names the iptables chain DEVNET-CHAOS-<id>. */
  id: string;
  action: Exclude<ChaosAction, 'kill'>;
  /** As the user gave it, e.g. "validator-1" or "validator-0,validator-1". */
  target: string;
  /** The action's value in words: "20%", "1mbit", "100ms". */
  value?: string | undefined;
  startedAt: string;
  /** When devnet undoes it by itself (a fault given a duration). */
  until?: string | undefined;
  /** stop: the StatefulSets it scaled down and the replicas to give back. */
  scaled?: { namespace: string; name: string; replicas: number }[] | undefined;
  /** Network faults: the pods whose namespaces hold its rules, by the kind node they run on. */
  pods?: (PodName & { node: string })[] | undefined;
  /** A partition on an existing cluster: the NetworkPolicies that hold it. */
  policies?: { namespace: string; name: string }[] | undefined;
  /** There too: the connection its probe made (from a pod's container, to a pod's address), tried again when it is undone. */
  probe?: { from: { namespace: string; pod: string; container: string }; to: { namespace: string; pod: string; ip: string; port: number } } | undefined;
  /** What the probe measured when it took hold. */
  measured?: string | undefined;
}

type RecordObject = LiveObject & { data?: Record<string, string> };

const recordNamespace = (devnet: string) => validatorNamespace(devnet, 0);

/** The faults a record holds (none when there is no record). */
export function faultsIn(object: RecordObject | undefined): Fault[] {
  try {
    const faults = JSON.parse(object?.data?.['faults.json'] ?? '[]') as unknown;
    return Array.isArray(faults) ? (faults as Fault[]) : [];
  } catch {
    // A record someone edited into nonsense says nothing; chaos clear still sweeps the node.
    return [];
  }
}

export async function readFaults(kube: Kube, devnet: string, signal?: AbortSignal): Promise<Fault[]> {
  return faultsIn(await kube.get<RecordObject>('v1', 'ConfigMap', recordNamespace(devnet), CHAOS_RECORD, signal));
}

/** A watch of the record, for a view that follows it while other processes change it (the dashboard). */
export function recordWatch(kube: Kube, devnet: string): { informer: Informer<RecordObject>; faults: () => Fault[] } {
  const informer = new Informer<RecordObject>(kube, 'v1', 'ConfigMap', { namespace: recordNamespace(devnet), fieldSelector: `metadata.name=${CHAOS_RECORD}` });
  return { informer, faults: () => faultsIn(informer.get(recordNamespace(devnet), CHAOS_RECORD)) };
}

export async function writeFaults(kube: Kube, devnet: string, faults: readonly Fault[], signal?: AbortSignal): Promise<void> {
  if (faults.length === 0) {
    await kube.delete('v1', 'ConfigMap', recordNamespace(devnet), CHAOS_RECORD, signal);
    return;
  }
  const record = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CHAOS_RECORD, namespace: recordNamespace(devnet), labels: { [CHAOS_LABEL]: devnet, [LABEL.partOf]: 'devnet' } },
    data: { 'faults.json': `${JSON.stringify(faults, null, 2)}\n` },
  };
  await kube.apply(record, { signal });
}
