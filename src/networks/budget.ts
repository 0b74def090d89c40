/** What a topology asks of the machine: CPU and memory requested and allowed, ScyllaDB shards. */
import { parseQuantity } from '../config/quantity.js';
import type { ResourcesPlan, Topology } from './topology.js';

export interface Budget {
  pods: number;
  requests: { cpu: number; memory: number };
  limits: { cpu: number; memory: number };
  /** ScyllaDB starts one shard per CPU of its limit; each needs ~11026 AIO slots on the host. */
  scyllaShards: number;
}

export const AIO_PER_SCYLLA_SHARD = 11026;

export function budgetOf(topology: Topology): Budget {
  const total: Budget = { pods: 0, requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 }, scyllaShards: 0 };
  const add = (resources: ResourcesPlan, count: number) => {
    total.pods += count;
    total.requests.cpu += parseQuantity(resources.requests.cpu) * count;
    total.requests.memory += parseQuantity(resources.requests.memory) * count;
    total.limits.cpu += parseQuantity(resources.limits.cpu) * count;
    total.limits.memory += parseQuantity(resources.limits.memory) * count;
  };
  for (const component of topology.components) {
    if (component.workload === 'StatefulSet') add(component.resources, component.replicas.length);
  }
  for (const scylla of topology.scylla) {
    add(scylla.resources, scylla.members);
    total.scyllaShards += Math.ceil(parseQuantity(scylla.resources.limits.cpu)) * scylla.members;
  }
  return total;
}

/** Estimates of what runs beside the devnet's own pods: the kind node (kubelet, API server, etcd, CoreDNS), and the operators. */
export const KIND_OVERHEAD = { cpu: 0.5, memory: 2 ** 30 };
export const OPERATORS_OVERHEAD = { cpu: 0.5, memory: 0.5 * 2 ** 30 };

export function overheadOf(topology: Topology): { cpu: number; memory: number; what: string } {
  const operators = topology.prerequisites;
  if (operators.length === 0) return { ...KIND_OVERHEAD, what: 'kind itself' };
  return { cpu: KIND_OVERHEAD.cpu + OPERATORS_OVERHEAD.cpu, memory: KIND_OVERHEAD.memory + OPERATORS_OVERHEAD.memory, what: `kind, ${operators.join(' and ')}` };
}
