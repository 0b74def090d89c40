/** Facts about this machine: kernel settings and whether a port is free. */
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { readFile } from 'node:fs/promises';

/** A sysctl read from /proc/sys, or undefined where there is none (macOS, Windows). */
export async function readSysctl(name: string): Promise<number | undefined> {
  try {
    const text = await readFile(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8');
    const value = Number(text.trim().split(/\s+/)[0]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function portFree(address: string, port: number, protocol: 'TCP' | 'UDP'): Promise<boolean> {
  if (protocol === 'UDP') {
    return new Promise((resolve) => {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, address, () => socket.close(() => resolve(true)));
    });
  }
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: address, exclusive: true }, () => server.close(() => resolve(true)));
  });
}


export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
