/**
 * Where the user reaches a devnet's exposed ports. On kind, kind maps each NodePort to a host
 * port (clusters/ and the extraPortMappings devnet adds). An existing cluster (--context) has no
 * such mapping: there a port is reached on a node's address at its NodePort, which kube-proxy
 * serves on every node.
 */
import type { Kube, LiveObject } from '../kube/client.js';
import type { Topology, ValidatorPlan } from '../networks/topology.js';
import type { Target } from './target.js';

export type Reach = { via: 'host-port'; host: string } | { via: 'node-port'; node: string };

interface NodeStatus {
  status?: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
}

/** On kind: the host the port mappings listen on. */
export function hostReach(topology: Topology): Reach {
  const { listenAddress } = topology.cluster;
  return { via: 'host-port', host: listenAddress === '0.0.0.0' || topology.network === 'linera' ? 'localhost' : listenAddress };
}

export async function reachOf(target: Target, topology: Topology, kube: Kube, signal?: AbortSignal): Promise<Reach> {
  if (target.provider === 'kind') return hostReach(topology);
  const nodes = await kube.list('v1', 'Node', { signal });
  return { via: 'node-port', node: nodeAddress(nodes.items) ?? '<node address>' };
}

/** A Ready node's ExternalIP, else its InternalIP, else its host name; the first by name. */
export function nodeAddress(nodes: readonly LiveObject[]): string | undefined {
  const ready = (n: LiveObject & NodeStatus) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
  const ordered = [...(nodes as (LiveObject & NodeStatus)[])].sort((a, b) => Number(ready(b)) - Number(ready(a)) || a.metadata.name.localeCompare(b.metadata.name));
  for (const node of ordered) {
    const addresses = node.status?.addresses ?? [];
    const found = ['ExternalIP', 'InternalIP', 'Hostname'].map((type) => addresses.find((a) => a.type === type)?.address).find((a) => a !== undefined && a !== '');
    if (found !== undefined) return found;
  }
  return undefined;
}

/** One exposed port, as the user reaches it. */
export function exposureAddress(exposure: { hostPort: number; nodePort: number }, reach: Reach): string {
  return reach.via === 'host-port' ? `${reach.host}:${exposure.hostPort}` : `${reach.node}:${exposure.nodePort}`;
}

/** A validator's endpoints: as planned (and advertised) on kind, node address and NodePort elsewhere. */
export function validatorEndpoints(validator: ValidatorPlan, reach: Reach): { label: string; address: string }[] {
  return validator.endpoints.map((e) => ({ label: e.label, address: reach.via === 'host-port' ? e.address : `${reach.node}:${e.nodePort}` }));
}
