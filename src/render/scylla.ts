/** ScyllaCluster custom resources and their scylla-config ConfigMaps. */
import { stringify } from 'yaml';
import type { ScyllaPlan, Topology } from '../networks/topology.js';
import type { KubeObject } from './kube-object.js';
import { labels } from './labels.js';

export const STORAGE_COMPONENT = 'storage';

function meta(topology: Topology, plan: ScyllaPlan, name: string) {
  return { name, namespace: plan.namespace, labels: labels({ devnet: topology.name, network: topology.network, validator: plan.validator, component: STORAGE_COMPONENT }) };
}

/** Created before the ScyllaCluster: ScyllaDB reads it at start-up only. */
export function scyllaConfig(topology: Topology, plan: ScyllaPlan): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(topology, plan, plan.configMap), data: { 'scylla.yaml': stringify(plan.config) } };
}

export function scyllaCluster(topology: Topology, plan: ScyllaPlan): KubeObject {
  const metadata = meta(topology, plan, plan.name);
  return {
    apiVersion: 'scylla.scylladb.com/v1',
    kind: 'ScyllaCluster',
    metadata: {
      ...metadata,
      // devnet installs no scylla-manager; without this the operator waits to register with one.
      annotations: { 'scylla-operator.scylladb.com/disable-global-scylladb-manager-integration': 'true' },
    },
    spec: {
      version: plan.version,
      agentVersion: plan.agentVersion,
      repository: 'docker.io/scylladb/scylla',
      agentRepository: 'docker.io/scylladb/scylla-manager-agent',
      developerMode: plan.developerMode,
      sysctls: plan.sysctls,
      datacenter: {
        name: plan.datacenter,
        racks: [
          {
            name: plan.rack,
            members: plan.members,
            scyllaConfig: plan.configMap,
            storage: { capacity: plan.capacity, storageClassName: plan.storageClass },
            resources: plan.resources,
            agentResources: { requests: { cpu: '10m', memory: '50Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
          },
        ],
      },
    },
  };
}
