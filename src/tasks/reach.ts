/**
 * Where the user reaches a devnet's exposed ports. On kind, kind maps each NodePort to a host
 * port (clusters/ and the extraPortMappings devnet adds). An existing cluster (--context) has no
 * such mapping: there a port is reached on a node's address at its NodePort, which kube-proxy
 * serves on every node.
 */
import { KubeApiError, type Kube, type LiveObject } from '../kube/client.js';
import { kindNamed } from '../networks/registry.js';
import type { Topology, ValidatorPlan } from '../networks/topology.js';
import type { Target } from './target.js';

export type Reach = { via: 'host-port'; host: string } | { via: 'node-port'; node: string };

interface NodeStatus {
  status?: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
}

/** On kind: the host the port mappings listen on. */
export function hostReach(topology: Topology): Reach {
  const { listenAddress } = topology.cluster;
  return { via: 'host-port', host: listenAddress === '0.0.0.0' || kindNamed(topology.network).advertisesEndpoints ? 'localhost' : listenAddress };
}

export async function reachOf(target: Target, topology: Topology, kube: Kube, signal?: AbortSignal): Promise<Reach> {
  if (target.provider === 'kind') return hostReach(topology);
  // A kubeconfig limited to namespaces cannot list Nodes: the user knows the address, devnet does not.
  const nodes = await kube.list('v1', 'Node', { signal }).catch((error: unknown) => {
    if (error instanceof KubeApiError && error.status === 403) return { items: [] };
    throw error;
  });
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

/**
 * Linera clients (of any kind that advertisesEndpoints) dial the addresses the committee advertises
 * (genesis), not the endpoints devnet prints. On an existing cluster nothing maps host ports, so a committee that advertises a loopback
 * host or a port other than the NodePort (localhost:19100 by default) leaves the wallet unable to
 * reach a validator unless the user forwards it. Says so, with the profile change that makes the
 * committee advertise the node's NodePorts.
 */
export function unreachableCommittee(topology: Topology, reach: Reach): { message: string; fix: string } | undefined {
  if (!kindNamed(topology.network).advertisesEndpoints || reach.via !== 'node-port') return undefined;
  const loopback = (address: string) => /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(address) || address.endsWith('.localhost') || address.includes('.localhost:');
  const stray = topology.validators.flatMap((v) => v.endpoints.filter((e) => loopback(e.address) || !e.address.endsWith(`:${e.nodePort}`)).map((e) => ({ ...e, validator: v.index })));
  const first = stray[0];
  if (first === undefined) return undefined;
  return {
    message: `the committee advertises ${stray.map((e) => e.address).join(', ')}; an existing cluster maps no host ports, and the Linera client and the wallet dial those addresses, not ${reach.node}:<NodePort>`,
    fix: `advertise what clients reach: --set linera.exposure.host=${reach.node} --set linera.exposure.hostPortBase=${first.nodePort - first.validator} (a new committee: a network already up is replaced, after asking), or forward those ports yourself`,
  };
}
