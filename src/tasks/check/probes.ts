/**
 * Probes for the networks' built-in checks: HTTP to a pod's port through the API server's pod
 * proxy, genesis files from the cluster, and the network's own client where it has one.
 */
import { randomBytes } from 'node:crypto';
import type { PodTarget, ProbeAnswer, ProbeRequest, Probes } from '../../contracts/probes.js';
import type { Kube, LiveObject } from '../../kube/client.js';
import { podProxy } from '../../kube/proxy.js';
import type { Topology } from '../../networks/topology.js';

const REQUEST_TIMEOUT_MS = 20_000;

export function kubeProbes(kube: Kube, signal: AbortSignal, topology?: Topology, client?: Probes['client']): Probes {
  return {
    ...(client === undefined ? {} : { client }),
    async genesisFile(name, fileSignal) {
      // Genesis is the same in every validator's `genesis` ConfigMap (see src/networks/linera/plan.ts).
      const namespace = topology?.validators[0]?.namespace;
      const map = namespace === undefined ? undefined : await kube.get<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', namespace, 'genesis', fileSignal);
      const text = map?.data?.[name];
      if (text === undefined) throw new Error(`${namespace ?? 'the devnet'} has no ConfigMap genesis with ${name}`);
      return text;
    },
    async http(target: PodTarget, port: number, request: ProbeRequest): Promise<ProbeAnswer> {
      const answer = await podProxy(kube, { namespace: target.namespace, pod: target.pod, port }, request, AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]));
      // Nothing answered (connection refused, no route): the API server's own words say why.
      if (answer.unreachable !== undefined) throw new Error(answer.unreachable);
      return { status: answer.status, body: answer.body, text: () => new TextDecoder().decode(answer.body) };
    },
    randomBytes: (size) => new Uint8Array(randomBytes(size)),
  };
}
