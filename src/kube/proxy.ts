/**
 * HTTP to a pod's port through the API server's pod proxy
 * (/api/v1/namespaces/<ns>/pods/<pod>:<port>/proxy/<path>): reaches every replica from wherever
 * the kubeconfig works, whether or not the port is exposed on the host.
 */
import type { Kube } from './client.js';

export interface PodProxyAnswer {
  status: number;
  body: Uint8Array;
  /** The API server could not reach the pod (connection refused, no route): its own message. */
  unreachable?: string;
}

export async function podProxy(
  kube: Kube,
  ref: { namespace: string; pod: string; port: number },
  request: { method: 'GET' | 'POST'; path: string; body?: string | Uint8Array | undefined; contentType?: string | undefined },
  signal: AbortSignal,
): Promise<PodProxyAnswer> {
  const path = `/api/v1/namespaces/${ref.namespace}/pods/${ref.pod}:${ref.port}/proxy${request.path}`;
  const answer = await kube.transport.raw(request.method, path, { body: request.body, contentType: request.contentType, signal });
  const unreachable = unreachableReason(answer.status, answer.body);
  return unreachable === undefined ? answer : { ...answer, unreachable };
}

/**
 * The API server answers 503 (or 502) with a Status object when it cannot reach the pod, e.g.
 * "error trying to reach service: dial tcp 10.244.0.7:9944: connect: connection refused", and 404
 * when the pod does not exist. A pod's own 503 has no such Status body.
 */
function unreachableReason(status: number, body: Uint8Array): string | undefined {
  if (status !== 502 && status !== 503 && status !== 404) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { kind?: string; message?: string };
    if (parsed.kind === 'Status') return parsed.message ?? `HTTP ${status}`;
  } catch {
    // not a Status object: the pod itself answered
  }
  return undefined;
}
