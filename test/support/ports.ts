/**
 * Host ports for tests, picked from 20000–32767: below Linux's ephemeral range (32768–60999 by
 * default, net.ipv4.ip_local_port_range), so no outgoing connection of the busy machine can take
 * one between the moment a test picks it and the moment something binds it, and above the kind
 * tier's fixed ports (19300 on).
 */
import { createServer, type Server } from 'node:net';
import { onTestFinished } from 'vitest';

const LOW = 20000;
const HIGH = 32768;

const randomBase = (count: number) => LOW + Math.floor(Math.random() * (HIGH - LOW - count));

/**
 * `count` consecutive ports from a random base, each opened by `open` (which returns how to close
 * it), all closed when the test finishes; returns the base. A base with a port taken is given up.
 */
export async function consecutivePorts(count: number, open: (port: number) => Promise<() => void>): Promise<number> {
  for (;;) {
    const base = randomBase(count);
    const stops: (() => void)[] = [];
    try {
      for (let i = 0; i < count; i++) stops.push(await open(base + i));
      onTestFinished(() => stops.forEach((stop) => stop()));
      return base;
    } catch {
      stops.forEach((stop) => stop());
    }
  }
}

/**
 * A base of `count` consecutive loopback ports that nothing listens on now (each is opened once and
 * closed again before this returns), for host ports a profile would bind: the test then does not
 * depend on ports another devnet or kind cluster holds.
 */
export async function freePortRange(count: number): Promise<number> {
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server));
    });
  for (;;) {
    const base = randomBase(count);
    const opened = await Promise.allSettled(Array.from({ length: count }, (_, i) => listen(base + i)));
    const servers = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    if (servers.length === count) return base;
  }
}
