/** Probes for the networks' built-in checks: HTTP to a pod's port through the API server's pod proxy. */
import { randomBytes } from 'node:crypto';
import type { PodTarget, ProbeAnswer, ProbeRequest, Probes } from '../../contracts/probes.js';
import type { Kube } from '../../kube/client.js';
import { podProxy } from '../../kube/proxy.js';

const REQUEST_TIMEOUT_MS = 20_000;

export function kubeProbes(kube: Kube, signal: AbortSignal): Probes {
  return {
    async http(target: PodTarget, port: number, request: ProbeRequest): Promise<ProbeAnswer> {
      const answer = await podProxy(kube, { namespace: target.namespace, pod: target.pod, port }, request, AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]));
      // Nothing answered (connection refused, no route): the API server's own words say why.
      if (answer.unreachable !== undefined) throw new Error(answer.unreachable);
      return { status: answer.status, body: answer.body, text: () => new TextDecoder().decode(answer.body) };
    },
    randomBytes: (size) => new Uint8Array(randomBytes(size)),
  };
}
