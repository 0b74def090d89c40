/**
 * When the API server refuses a Service because a node port "is already allocated", who holds it:
 * another Service (named, so the user can act), a Service of this devnet the profile no longer has
 * (removed now, as the clean-up would later), or nobody: the API server leaked it. A leak happens
 * when a request that creates a Service is cut off after the port was reserved and before the
 * Service was written (k8s.io/apiserver v0.36.3, pkg/registry/generic/registry/store.go, Update,
 * lines 684-718); the API server's repair loop frees such a port after three passes, 3 minutes
 * apart (k8s.io/kubernetes v1.36.3, pkg/registry/core/service/portallocator/controller/repair.go
 * lines 56 and 196-216, pkg/controlplane/instance.go line 122).
 */
import { EnvironmentError } from '../../errors/index.js';
import { KubeApiError, type Kube, type LiveObject } from '../../kube/client.js';
import { LABEL } from '../../render/labels.js';

export type PortHolder = { kind: 'service'; namespace: string; name: string; ours: boolean } | { kind: 'leaked' };

interface ServiceObject extends LiveObject {
  spec?: { ports?: { nodePort?: number }[] };
}

/** The node ports an API error says are taken, e.g. "spec.ports[0].nodePort: Invalid value: 30335: provided port is already allocated". */
export function allocatedPorts(error: unknown): number[] {
  if (!(error instanceof KubeApiError) || error.status !== 422) return [];
  return [...error.apiMessage.matchAll(/nodePort: Invalid value: (\d+): provided port is already allocated/g)].map((m) => Number(m[1]));
}

export async function holderOf(kube: Kube, port: number, devnet: string, self: { namespace?: string | undefined; name: string }, signal: AbortSignal): Promise<PortHolder> {
  const { items } = await kube.list<ServiceObject>('v1', 'Service', { signal });
  const holder = items.find((s) => !(s.metadata.namespace === self.namespace && s.metadata.name === self.name) && (s.spec?.ports ?? []).some((p) => p.nodePort === port));
  if (holder === undefined) return { kind: 'leaked' };
  return { kind: 'service', namespace: holder.metadata.namespace ?? '', name: holder.metadata.name, ours: holder.metadata.labels?.[LABEL.instance] === devnet };
}

export function heldByAnother(port: number, holder: { namespace: string; name: string }, service: string): EnvironmentError {
  return new EnvironmentError(`Node port ${port}, which Service ${service} needs, is held by Service ${holder.namespace}/${holder.name}.`, {
    hint: `remove that Service (kubectl delete service -n ${holder.namespace} ${holder.name}; devnet down -p PROFILE if it belongs to another devnet), or move this devnet's ports (the nodePort settings of the profile)`,
  });
}

export function leakedNote(port: number): string {
  return `node port ${port} is allocated but no Service holds it: the API server leaked it when an earlier request was cut off; it frees such a port within about 10 minutes, waiting (bounded by --timeout)`;
}
