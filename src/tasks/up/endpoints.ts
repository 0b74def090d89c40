/**
 * The application-level check: each validator's proxy answers the gRPC health service on its host
 * port. A TCP connect is not enough: kind's port mapping accepts connections before any proxy runs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { NotReadyError } from '../../errors/index.js';
import type { Topology } from '../../networks/topology.js';
import type { CommandLines } from '../../output/command-line.js';
import { grpcHealth } from '../../system/grpc-health.js';

const RETRY_MS = 500;
const CALL_TIMEOUT_MS = 2000;

export async function checkEndpoints(topology: Topology, signal: AbortSignal, lines: CommandLines, note: (m: string) => void): Promise<string> {
  const targets = topology.cluster.reserved.slice(0, topology.validators.length);
  const host = topology.cluster.listenAddress === '0.0.0.0' ? '127.0.0.1' : topology.cluster.listenAddress;
  await Promise.all(targets.map((exposure, v) => untilServing(`${host}:${exposure.hostPort}`, v, signal, lines, note)));
  const first = targets[0]?.hostPort ?? '';
  const range = targets.length > 1 ? `${first}-${targets.at(-1)?.hostPort ?? ''}` : `${first}`;
  return `${targets.length} prox${targets.length === 1 ? 'y serves' : 'ies serve'} gRPC health on ${host}:${range}`;
}

async function untilServing(address: string, v: number, signal: AbortSignal, lines: CommandLines, note: (m: string) => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const answer = await grpcHealth(address, { timeoutMs: CALL_TIMEOUT_MS, signal });
    if (answer.serving) return;
    const reason = answer.reason;
    if (attempt === 5) note(`validator-${v}: waiting for ${address} to serve gRPC health (${reason})`);
    try {
      await delay(RETRY_MS, undefined, { signal });
    } catch (error) {
      // The deadline gets a message that says what was last seen; Ctrl-C stays an interruption.
      if (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
        throw new NotReadyError(`validator-${v} does not serve gRPC health on ${address}: ${reason}.`, {
          hint: `check its proxy: ${lines.devnet(`logs validator-${v}/proxy`)} (and ${lines.devnet('status')})`,
        });
      }
      throw error;
    }
  }
}
