/**
 * The objects scylla-operator makes for a ScyllaCluster, with the names and labels devnet and
 * its users rely on (pkg/naming/names.go): StatefulSet `<cluster>-<dc>-<rack>`, pods labelled
 * `scylla/cluster`, the `<cluster>-client` Service on 9042, one Service per member. Pure
 * functions: objects in, objects out.
 */

export interface Rack {
  name: string;
  members?: number;
  resources?: Record<string, unknown>;
  storage?: { capacity?: string; storageClassName?: string };
  placement?: { nodeAffinity?: unknown; podAffinity?: unknown; podAntiAffinity?: unknown; tolerations?: unknown[] };
}

export interface ScyllaCluster {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; uid: string; generation?: number; deletionTimestamp?: string };
  spec?: {
    version?: string;
    repository?: string;
    agentVersion?: string;
    agentRepository?: string;
    datacenter?: { name?: string; racks?: Rack[] };
  };
  status?: Record<string, unknown>;
}

export const CLUSTER_LABEL = 'scylla/cluster';

const CQL_PORTS = [
  { name: 'cql', port: 9042 },
  { name: 'cql-ssl', port: 9142 },
  { name: 'cql-shard-aware', port: 19042 },
  { name: 'inter-node', port: 7000 },
  { name: 'inter-node-ssl', port: 7001 },
  { name: 'jmx', port: 7199 },
  { name: 'agent-api', port: 10001 },
  { name: 'prometheus', port: 9180 },
];

export const racksOf = (cluster: ScyllaCluster): Rack[] => cluster.spec?.datacenter?.racks ?? [];
export const datacenterOf = (cluster: ScyllaCluster): string => cluster.spec?.datacenter?.name ?? 'dc';
export const statefulSetName = (cluster: ScyllaCluster, rack: Rack): string => `${cluster.metadata.name}-${datacenterOf(cluster)}-${rack.name}`;
export const clientServiceName = (cluster: ScyllaCluster): string => `${cluster.metadata.name}-client`;

function ownedMetadata(cluster: ScyllaCluster, name: string, labels: Record<string, string>): object {
  const owner = { apiVersion: 'scylla.scylladb.com/v1', kind: 'ScyllaCluster', name: cluster.metadata.name, uid: cluster.metadata.uid, controller: true, blockOwnerDeletion: true };
  return { name, namespace: cluster.metadata.namespace, labels: { ...labels, 'app.kubernetes.io/managed-by': 'scylla-operator' }, ownerReferences: [owner] };
}

function rackLabels(cluster: ScyllaCluster, rack: Rack): Record<string, string> {
  return { [CLUSTER_LABEL]: cluster.metadata.name, 'scylla/datacenter': datacenterOf(cluster), 'scylla/rack': rack.name };
}

export function renderStatefulSet(cluster: ScyllaCluster, rack: Rack): object {
  const labels = rackLabels(cluster, rack);
  const spec = cluster.spec ?? {};
  const containers = [
    { name: 'scylla', image: `${spec.repository ?? 'docker.io/scylladb/scylla'}:${spec.version ?? ''}`, ports: CQL_PORTS.slice(0, 5).map(({ name, port }) => ({ name, containerPort: port })), resources: rack.resources ?? {} },
    { name: 'scylla-manager-agent', image: `${spec.agentRepository ?? 'docker.io/scylladb/scylla-manager-agent'}:${spec.agentVersion ?? 'latest'}` },
  ];
  const { tolerations, ...affinity } = rack.placement ?? {};
  const storage = rack.storage;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: ownedMetadata(cluster, statefulSetName(cluster, rack), labels),
    spec: {
      replicas: rack.members ?? 0,
      serviceName: clientServiceName(cluster),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/name': 'scylla' } },
        spec: { containers, ...(Object.keys(affinity).length > 0 ? { affinity } : {}), ...(tolerations === undefined ? {} : { tolerations }) },
      },
      volumeClaimTemplates: storage?.capacity === undefined ? [] : [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: storage.storageClassName, resources: { requests: { storage: storage.capacity } } },
      }],
    },
  };
}

export function renderClientService(cluster: ScyllaCluster): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: ownedMetadata(cluster, clientServiceName(cluster), { [CLUSTER_LABEL]: cluster.metadata.name }),
    spec: { type: 'ClusterIP', selector: { [CLUSTER_LABEL]: cluster.metadata.name }, ports: CQL_PORTS.map(({ name, port }) => ({ name, port, protocol: 'TCP' })) },
  };
}

/** `<cluster>-<dc>-<rack>-<ordinal>`, one per member, each selecting its pod. */
export function renderMemberServices(cluster: ScyllaCluster, rack: Rack): object[] {
  const set = statefulSetName(cluster, rack);
  return Array.from({ length: rack.members ?? 0 }, (_, ordinal) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: ownedMetadata(cluster, `${set}-${ordinal}`, { ...rackLabels(cluster, rack), 'scylla-operator.scylladb.com/scylla-service-type': 'member' }),
    spec: {
      type: 'ClusterIP',
      publishNotReadyAddresses: true,
      selector: { 'statefulset.kubernetes.io/pod-name': `${set}-${ordinal}` },
      ports: CQL_PORTS.slice(0, 5).map(({ name, port }) => ({ name, port, protocol: 'TCP' })),
    },
  }));
}
