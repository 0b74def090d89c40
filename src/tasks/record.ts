/**
 * Each devnet's record in its cluster: a ConfigMap `devnet-record` in its first validator's
 * namespace saying what it is, what it holds (namespaces, NodePorts, host ports), when it was made
 * and when it expires (up --ttl). `devnet list` and `devnet gc` read records; `up` reads the other
 * devnets' records to refuse a clash before it applies anything. The record goes with the
 * namespace on `down`. It carries no instance label, so prune and the applier never see it.
 */
import type { Kube, LiveObject } from '../kube/client.js';
import { validatorNamespace } from '../networks/naming.js';
import type { Topology } from '../networks/topology.js';
import { LABEL, labels } from '../render/labels.js';

export const RECORD_NAME = 'devnet-record';
/** Value: the devnet's name. */
export const RECORD_LABEL = 'devnet/record';

export interface PortClaim {
  protocol: 'TCP' | 'UDP';
  port: number;
}

export interface DevnetRecord {
  devnet: string;
  network: string;
  profile: string;
  cluster: { provider: 'kind' | 'existing'; name: string };
  createdAt: string;
  updatedAt: string;
  /** ISO time after which devnet gc removes it; absent: never. */
  expiresAt?: string | undefined;
  ttl?: string | undefined;
  namespaces: string[];
  nodePorts: PortClaim[];
  hostPorts: PortClaim[];
  /** The replicas the profile plans (its StatefulSets' pods), so a list counts those never created; absent in records before it. */
  pods?: number | undefined;
}

/** The record as it lives in a cluster, with where it was found. */
export interface FoundRecord {
  record: DevnetRecord;
  uid: string;
  namespace: string;
}

/** What a topology holds in its cluster: namespaces, and the NodePorts and (on kind) host ports of its deployed replicas. */
export function claimsOf(topology: Topology, provider: 'kind' | 'existing'): Pick<DevnetRecord, 'namespaces' | 'nodePorts' | 'hostPorts' | 'pods'> {
  const exposures = topology.components.flatMap((c) => [...(c.sharedExposure?.exposures ?? []), ...c.replicas.flatMap((r) => r.exposures)]);
  const unique = (claims: PortClaim[]) => [...new Map(claims.map((c) => [`${c.protocol}/${c.port}`, c])).values()].sort((a, b) => a.port - b.port);
  return {
    namespaces: topology.namespaces.map((n) => n.name),
    nodePorts: unique(exposures.map((e) => ({ protocol: e.protocol, port: e.nodePort }))),
    hostPorts: provider === 'kind' ? unique(exposures.map((e) => ({ protocol: e.protocol, port: e.hostPort }))) : [],
    pods: topology.components.filter((c) => c.workload === 'StatefulSet').reduce((n, c) => n + c.replicas.length, 0),
  };
}

export function recordObject(record: DevnetRecord): LiveObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: RECORD_NAME,
      namespace: validatorNamespace(record.devnet, 0),
      labels: { [RECORD_LABEL]: record.devnet, [LABEL.partOf]: 'devnet', 'devnet/network': record.network },
      annotations: { ...(record.expiresAt === undefined ? {} : { 'devnet/expires-at': record.expiresAt }) },
    },
    data: { 'record.json': `${JSON.stringify(record, null, 2)}\n` },
  };
}

/** Every devnet record in the cluster; records that cannot be read are skipped. */
export async function listRecords(kube: Kube, signal: AbortSignal): Promise<FoundRecord[]> {
  const { items } = await kube.list<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', { labelSelector: RECORD_LABEL, signal });
  return items.flatMap((item) => {
    try {
      const record = JSON.parse(item.data?.['record.json'] ?? '') as DevnetRecord;
      return typeof record.devnet === 'string' ? [{ record, uid: item.metadata.uid ?? '', namespace: item.metadata.namespace ?? '' }] : [];
    } catch {
      return [];
    }
  });
}

export function expired(record: DevnetRecord, now: number): boolean {
  return record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now;
}

/** The first validator's namespace, as render makes it, so the applier later finds it unchanged. */
export function firstNamespace(topology: Topology): LiveObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: validatorNamespace(topology.name, 0), labels: labels({ devnet: topology.name, network: topology.network, validator: 0 }) },
  };
}
