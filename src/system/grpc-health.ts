/**
 * The standard gRPC health check (grpc.health.v1.Health/Check), the question Linera's own tooling
 * asks before it calls a shard or proxy started (linera-service 0.15.23
 * src/cli_wrappers/local_net.rs:875-907). A port that accepts TCP but does not speak gRPC, or a
 * server that says anything but SERVING, is not healthy. The one module that uses @grpc/grpc-js.
 */

export type HealthAnswer =
  | { serving: true }
  | { serving: false; reason: string };

interface HealthClient {
  check(request: { service: string }, options: { deadline: Date }, callback: (error: Error | null, response?: { status?: string }) => void): unknown;
  close(): void;
}

/** Asks `host:port` once, over plain-text HTTP/2, with a deadline. */
export async function grpcHealth(address: string, options: { timeoutMs: number; service?: string; signal?: AbortSignal }): Promise<HealthAnswer> {
  // Loaded on first use: most commands never speak gRPC, and protobufjs is a large import.
  const [grpc, health] = await Promise.all([import('@grpc/grpc-js'), import('grpc-health-check')]);
  const Health = grpc.makeClientConstructor(health.service, 'grpc.health.v1.Health');
  const client = new Health(address, grpc.credentials.createInsecure()) as unknown as HealthClient;
  try {
    return await new Promise<HealthAnswer>((resolve) => {
      const call = client.check({ service: options.service ?? '' }, { deadline: new Date(Date.now() + options.timeoutMs) }, (error, response) => {
        if (error !== null) resolve({ serving: false, reason: error.message });
        else if (response?.status === 'SERVING') resolve({ serving: true });
        else resolve({ serving: false, reason: `status ${response?.status ?? 'missing'}` });
      }) as { cancel(): void };
      options.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  } finally {
    client.close();
  }
}
