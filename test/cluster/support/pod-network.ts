/**
 * Pods that answer through the API server's pod proxy, on the test control plane.
 *
 * No container runs here, so /api/v1/namespaces/NS/pods/POD:PORT/proxy/... has nothing to reach.
 * The API server dials pods through its proxy transport, which honours HTTP_PROXY
 * (k8s.io/kubernetes v1.36.3 pkg/controlplane/apiserver/config.go CreateProxyTransport →
 * apimachinery pkg/util/net/http.go SetOldTransportDefaults), and the harness points HTTP_PROXY at
 * a loopback "trap" port that nobody listens on, so such calls fail at once. This helper listens
 * on that port for the current test and plays the pod network: a request the API server relays to
 * a pod's port reaches the handler a test registered for that pod and port; anything else is
 * dropped at once, as the closed port did (a pod with nothing listening, a webhook behind a
 * ClusterIP). The API server keeps the client's Host header, and Go writes the proxied request line
 * from it, so the pod is known from the X-Forwarded-Uri header the API server adds
 * (/api/v1/namespaces/NS/pods/POD:PORT/proxy/PATH), after it has resolved the pod and its IP.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { Kube } from '../../../src/kube/client.js';
import './provided.js';

export interface PodRequest {
  method: string;
  path: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

export interface PodResponse {
  status?: number;
  body?: string | Uint8Array;
  contentType?: string;
}

export type PodHandler = (request: PodRequest) => PodResponse | Promise<PodResponse>;

export interface PodNetwork {
  /** Makes PORT of the pod answer with `handler` (waits until the pod has an IP). */
  serve(namespace: string, pod: string, port: number, handler: PodHandler): Promise<void>;
  /** Stops answering on that pod's port: from then on it refuses, as a pod whose process died. */
  stop(namespace: string, pod: string, port: number): Promise<void>;
  /** Every request that reached a registered pod, as "namespace/pod:port METHOD path". */
  log: string[];
}

function trapPort(): number {
  const info = JSON.parse(readFileSync(join(inject('controlPlaneStateDir'), 'control-plane.json'), 'utf8')) as { ports: { proxyTrap: number } };
  return info.ports.proxyTrap;
}

export async function podNetwork(): Promise<PodNetwork> {
  const handlers = new Map<string, PodHandler>();
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const target = parseTarget(request.headers['x-forwarded-uri']);
    const handler = target === undefined ? undefined : handlers.get(target.key);
    if (target === undefined || handler === undefined) {
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      log.push(`${target.key} ${request.method ?? ''} ${target.path}`);
      void Promise.resolve(handler({ method: request.method ?? 'GET', path: target.path, body: Buffer.concat(chunks), headers: request.headers })).then(
        (answer) => {
          response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain; charset=utf-8' });
          response.end(answer.body ?? '');
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
    });
  });
  // HTTPS through the proxy (webhooks to ClusterIPs) stays refused, as with the closed trap.
  server.on('connect', (_request, socket: Socket) => socket.destroy());
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(trapPort(), '127.0.0.1', resolve);
  });
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const kube = Kube.connect({ kubeconfig: inject('kubeconfig') });
  return {
    async serve(namespace, pod, port, handler) {
      await podIp(kube, namespace, pod);
      handlers.set(`${namespace}/${pod}:${port}`, handler);
    },
    async stop(namespace, pod, port) {
      handlers.delete(`${namespace}/${pod}:${port}`);
    },
    log,
  };
}

const PROXIED = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/(?:https?:)?([^/:]+):(\d+)\/proxy(\/.*)?$/;

function parseTarget(uri: string | string[] | undefined): { key: string; path: string } | undefined {
  const match = typeof uri === 'string' ? PROXIED.exec(uri) : null;
  if (match === null) return undefined;
  return { key: `${match[1] ?? ''}/${match[2] ?? ''}:${match[3] ?? ''}`, path: match[4] ?? '/' };
}

async function podIp(kube: Kube, namespace: string, pod: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const live = (await kube.get('v1', 'Pod', namespace, pod)) as { status?: { podIP?: string } } | undefined;
    if (live?.status?.podIP) return live.status.podIP;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pod ${namespace}/${pod} has no IP after 60s`);
}
