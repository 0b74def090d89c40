/**
 * What answers on a devnet's host ports in the cluster tier, where no proxy runs: gRPC servers with
 * the standard health service, as every Linera proxy serves it, so up's endpoint check sees what it
 * would see on kind. Stopped when the test finishes.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { onTestFinished } from 'vitest';

/** `count` consecutive free ports from a random base, each serving grpc.health.v1; returns the base. */
export async function servingHostPorts(count: number): Promise<number> {
  for (;;) {
    const base = 40000 + Math.floor(Math.random() * 20000);
    const servers: grpc.Server[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = new grpc.Server();
        new HealthImplementation({ '': 'SERVING' }).addToServer(server);
        servers.push(server);
        await new Promise<void>((resolve, reject) => server.bindAsync(`127.0.0.1:${base + i}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())));
      }
      onTestFinished(() => servers.forEach((s) => s.forceShutdown()));
      return base;
    } catch {
      servers.forEach((s) => s.forceShutdown());
    }
  }
}
