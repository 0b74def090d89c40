/**
 * A healthchecks-compatible ping receiver on loopback: answers 200 "OK" to any path, as
 * healthchecks does for a known check, and records what it was sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Ping {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

export interface PingServer {
  url: string;
  pings: Ping[];
  /** Pings whose path is exactly `path`. */
  count(path: string): number;
  /** Resolves once `check` holds, re-checked on every ping; fails after `timeoutMs` with what arrived. */
  until(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback port nothing listens on: pings to it are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function pingServer(): Promise<PingServer> {
  const pings: Ping[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      pings.push({ method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'], body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      waiters.forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pings,
    count: (path) => pings.filter((p) => p.path === path).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    until: (check, what, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(probe);
        };
        const probe = () => {
          if (!check()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${what}: not within ${timeoutMs}ms; pings so far: ${pings.map((p) => `${p.method} ${p.path}`).join(', ') || 'none'}`));
        }, timeoutMs);
        waiters.add(probe);
        probe();
      }),
  };
}
