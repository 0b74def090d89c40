/**
 * A local HTTP server that serves fixed bytes at fixed paths (a release download mirror, for
 * instance) and counts what it was asked, so a test can tell a download from a cache hit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  serve(path: string, body: Uint8Array | string): void;
  close(): Promise<void>;
}

export async function fileServer(): Promise<FileServer> {
  const files = new Map<string, Uint8Array | string>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    if (body === undefined) {
      response.writeHead(404).end('Not Found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    serve: (path, body) => files.set(path, body),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
