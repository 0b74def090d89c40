/**
 * gRPC servers with the standard health service (grpc.health.v1), as every Linera proxy serves it:
 * one on a port of its own, or one on each of a run of consecutive host ports, so that up's
 * endpoint check sees in the cluster tier what it would see on kind.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { consecutivePorts } from './ports.js';

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

/** `count` consecutive free ports, each serving grpc.health.v1 as SERVING; returns the base. */
export function servingHostPorts(count: number): Promise<number> {
  return consecutivePorts(count, async (port) => (await grpcHealthServer('SERVING', port)).stop);
}
