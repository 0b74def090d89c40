/**
 * The kind cluster config: a base from clusters/ with the pinned node image on every node and one
 * extraPortMapping per reserved host port on the first control-plane node.
 */
import { parse } from 'yaml';
import type { ClusterPlan } from '../networks/topology.js';

export interface KindConfig {
  kind: 'Cluster';
  apiVersion: 'kind.x-k8s.io/v1alpha4';
  name?: string;
  nodes: KindNode[];
  [field: string]: unknown;
}

interface KindNode {
  role: 'control-plane' | 'worker';
  image?: string;
  extraPortMappings?: { containerPort: number; hostPort: number; listenAddress?: string; protocol?: string }[];
  [field: string]: unknown;
}

export class KindConfigError extends Error {}

export function renderKindConfig(cluster: ClusterPlan, baseText: string, baseName: string): KindConfig {
  const base = parseBase(baseText, baseName);
  const nodes = base.nodes.length > 0 ? base.nodes : [{ role: 'control-plane' as const }];
  const firstControlPlane = nodes.findIndex((n) => n.role === 'control-plane');
  if (firstControlPlane < 0) throw new KindConfigError(`${baseName}: nodes has no control-plane node`);
  const mappings = cluster.reserved.map((e) => ({ containerPort: e.nodePort, hostPort: e.hostPort, listenAddress: cluster.listenAddress, protocol: e.protocol }));
  return {
    ...base,
    name: cluster.name,
    nodes: nodes.map((node, i) => ({
      ...node,
      image: cluster.nodeImage,
      ...(i === firstControlPlane ? { extraPortMappings: [...(node.extraPortMappings ?? []), ...mappings] } : {}),
    })),
  };
}

function parseBase(text: string, name: string): KindConfig {
  const data: unknown = parse(text);
  const config = data as Partial<KindConfig> | null;
  if (config?.kind !== 'Cluster' || config.apiVersion !== 'kind.x-k8s.io/v1alpha4') {
    throw new KindConfigError(`${name}: not a kind cluster config (expected kind: Cluster, apiVersion: kind.x-k8s.io/v1alpha4)`);
  }
  return { ...config, kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', nodes: Array.isArray(config.nodes) ? config.nodes : [] };
}
