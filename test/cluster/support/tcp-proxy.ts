/**
 * A TCP proxy in front of the API server, so a test can take the network away from one client
 * while the API server itself keeps running: `hold()` breaks the open connections and parks new
 * ones (nothing is sent or answered) until `release()` connects them through. TLS passes through
 * untouched, so the client still verifies the API server's certificate.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes sent by clients so far (to know that a request left the client). */
  readonly sent: number;
  /** Breaks every open connection; new ones wait, silent, until release(). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function tcpProxy(target: { host: string; port: number }, onClientData?: () => void): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let parked: Socket[] = [];
  let holding = false;
  let sent = 0;
  const pipe = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    client.on('data', (chunk) => {
      sent += chunk.length;
      onClientData?.();
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };
  const server: Server = createServer((client) => {
    if (!holding) return pipe(client);
    client.pause();
    client.on('error', () => client.destroy());
    parked.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    get sent() {
      return sent;
    },
    hold: () => {
      holding = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    release: () => {
      holding = false;
      const waiting = parked;
      parked = [];
      for (const client of waiting) if (!client.destroyed) {
        pipe(client);
        client.resume();
      }
    },
    close: async () => {
      for (const socket of [...open, ...parked]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
