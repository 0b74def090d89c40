/**
 * The HTTPS endpoint a stand-in's admission webhooks are served from, on a loopback port. The
 * port is chosen up front, so the webhook configurations can point at it before anything
 * listens there: that is how "the webhook refuses connections for the first N ms" is played.
 */
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { reviewResponse, type AdmissionRequest, type AdmissionReview, type Verdict } from './admission.js';
import type { ServingPki } from './pki.js';

/** `unavailable`: the call itself fails, as it does while the webhook's backend is not ready. */
export type Handler = (request: AdmissionRequest) => Verdict | 'unavailable';

export interface WebhookServerOptions {
  pki: ServingPki;
  /** Path (for example `/validate`) to handler. */
  routes: Record<string, Handler>;
  /** Nothing listens on the port for this long after start, so connections are refused. */
  listenAfterMs?: number;
  onError?: (error: unknown) => void;
}

export interface WebhookServer {
  /** `https://127.0.0.1:<port>`; valid from the start, even before the server listens. */
  readonly baseUrl: string;
  /** Resolves once connections are accepted. */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const port = await reservePort();
  const server = createHttpsServer({ cert: options.pki.serving.certPem, key: options.pki.serving.keyPem }, (req, res) => {
    serve(options, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const listening = new Promise<void>((resolve, reject) => {
    const listen = () => {
      timer = undefined;
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    };
    if ((options.listenAfterMs ?? 0) > 0) timer = setTimeout(listen, options.listenAfterMs);
    else listen();
  });
  listening.catch(() => {}); // reported by whoever awaits it; close() must not trip over it
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    listening,
    close: () => closeServer(server, timer),
  };
}

async function serve(options: WebhookServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
  const handler = options.routes[path];
  if (req.method !== 'POST' || handler === undefined) {
    res.writeHead(404).end(`no webhook at ${req.method ?? ''} ${path}`);
    return;
  }
  const review = JSON.parse(await readBody(req)) as AdmissionReview;
  if (review.request === undefined) {
    res.writeHead(400).end('AdmissionReview without a request');
    return;
  }
  const verdict = handler(review.request);
  if (verdict === 'unavailable') {
    // An HTTP error without a Status body: the API server reports it as a failed webhook call.
    res.writeHead(503, { 'Content-Type': 'text/plain' }).end('webhook backend is not ready');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reviewResponse(review.request, verdict)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** A free loopback port: bind port 0, note the port, let it go. */
function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function closeServer(server: Server, pendingListen: NodeJS.Timeout | undefined): Promise<void> {
  clearTimeout(pendingListen);
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // The API server keeps idle connections open; close() alone would wait for them.
    server.closeAllConnections();
  });
  // 'close' fires before libuv has released the listening handle (that happens in the loop's
  // close phase); one turn of the loop later the server is gone for every observer.
  await new Promise((resolve) => setTimeout(resolve, 0));
}
