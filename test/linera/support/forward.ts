/**
 * What kind's extraPortMappings and a NodePort Service do for a validator's proxies: a host port on
 * 127.0.0.1 whose connections go to one of the proxy pods' port, in turn.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Forwarder {
  port: number;
  close(): Promise<void>;
}

export async function forward(hostPort: number, targets: { host: string; port: number }[]): Promise<Forwarder> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const target = targets[next++ % targets.length];
    if (target === undefined) return client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(hostPort, '127.0.0.1', resolve));
  return {
    port: hostPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
