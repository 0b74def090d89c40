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

/** What devnet knows of the Docker host when it renders the config: facts the caller found out. */
export interface KindHost {
  /** The Docker host's cgroup version (docker info); undefined when Docker did not answer. */
  cgroupVersion?: 1 | 2 | undefined;
}

/**
 * A kubeadm config patch that lets the kubelet start on a cgroup v1 host. The kubelet's config
 * field failCgroupV1 defaults to true from Kubernetes 1.35 on (k8s.io/kubelet v0.37.0
 * config/v1beta1/types.go:957-963; k8s.io/kubernetes v1.37.0
 * pkg/kubelet/apis/config/v1beta1/defaults.go:291-292), and a kubelet with it set refuses to start
 * on cgroup v1 (pkg/kubelet/apis/config/validation/validation_linux.go:35-36), so kubeadm init
 * fails in wait-control-plane. kind v0.33.0 still runs on cgroup v1 hosts (with a deprecation
 * warning, pkg/cluster/internal/create/create.go:256-257; rootless needs v2, :249-251). Its
 * cluster-level kubeadmConfigPatches are merge patches applied to every node's generated kubeadm
 * config, to the documents whose kind matches (apiVersion may be left out)
 * (pkg/apis/config/v1alpha4/types.go:49-58, pkg/internal/patch/resource.go:66-71,
 * pkg/cluster/internal/create/actions/config/config.go:225-231); that config holds one
 * KubeletConfiguration (pkg/cluster/internal/kubeadm/config.go:596-597, the v1beta4 template).
 */
export const CGROUP_V1_KUBELET_PATCH = 'kind: KubeletConfiguration\nfailCgroupV1: false\n';

export interface HostAdapted {
  config: KindConfig;
  /** What was changed for this host, or why nothing was, in a sentence each. */
  notes: string[];
}

/**
 * The config as kind gets it on this host. Kept apart from renderKindConfig so that the stored
 * config hash covers only what the profile asks for: the same profile on the same kind of host
 * never asks for --recreate, and a fact about the host is not a change kind would have to apply.
 */
export function adaptToHost(config: KindConfig, host: KindHost): HostAdapted {
  if (host.cgroupVersion !== 1) return { config, notes: [] };
  const patches = Array.isArray(config.kubeadmConfigPatches) ? (config.kubeadmConfigPatches as unknown[]) : [];
  if (patches.some((p) => typeof p === 'string' && /\bfailCgroupV1\s*:/.test(p))) {
    return { config, notes: ['the Docker host uses cgroup v1; the base kind config sets the kubelet\'s failCgroupV1 itself, so devnet adds nothing'] };
  }
  return {
    config: { ...config, kubeadmConfigPatches: [...patches, CGROUP_V1_KUBELET_PATCH] },
    notes: ['the Docker host uses cgroup v1: the kind config sets the kubelet\'s failCgroupV1: false (kubeadmConfigPatches), without which a kubelet of Kubernetes 1.35 or later refuses to start'],
  };
}
