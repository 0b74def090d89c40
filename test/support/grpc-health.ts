/**
 * gRPC servers with the standard health service (grpc.health.v1), as every Linera proxy serves it:
 * one on a port of its own, or one on each of a run of consecutive host ports, so that up's
 * endpoint check sees in the cluster tier what it would see on kind.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { createServer, type Server } from 'node:net';
import { onTestFinished } from 'vitest';

export interface GrpcHealthServer {
  port: number;
  stop(): void;
}

/** A health server on 127.0.0.1:`port` (a free port when 0) answering `status` for the whole server. */
export async function grpcHealthServer(status: 'SERVING' | 'NOT_SERVING', port = 0): Promise<GrpcHealthServer> {
  const server = new grpc.Server();
  new HealthImplementation({ '': status }).addToServer(server);
  try {
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
    return { port: bound, stop: () => server.forceShutdown() };
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
}

/**
 * `count` consecutive ports from a random base, each opened by `open` (which returns how to close
 * it), all closed when the test finishes; returns the base. A base with a port taken is given up.
 */
export async function consecutivePorts(count: number, open: (port: number) => Promise<() => void>): Promise<number> {
  for (;;) {
    const base = 40000 + Math.floor(Math.random() * 20000);
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
    const base = 40000 + Math.floor(Math.random() * 20000);
    const opened = await Promise.allSettled(Array.from({ length: count }, (_, i) => listen(base + i)));
    const servers = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    if (servers.length === count) return base;
  }
}

/** `count` consecutive free ports, each serving grpc.health.v1 as SERVING; returns the base. */
export function servingHostPorts(count: number): Promise<number> {
  return consecutivePorts(count, async (port) => (await grpcHealthServer('SERVING', port)).stop);
}
