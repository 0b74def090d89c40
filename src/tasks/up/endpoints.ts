/** The application-level check: each validator answers on its host endpoint. */
import { NotReadyError } from '../../errors/index.js';
import type { Topology } from '../../networks/topology.js';
import { tcpReachable } from '../../system/host.js';

export async function checkEndpoints(topology: Topology, signal: AbortSignal, note: (m: string) => void): Promise<string> {
  const targets = topology.cluster.reserved.slice(0, topology.validators.length);
  const host = topology.cluster.listenAddress === '0.0.0.0' ? '127.0.0.1' : topology.cluster.listenAddress;
  await Promise.all(
    targets.map(async (exposure, v) => {
      for (let attempt = 0; !(await tcpReachable(host, exposure.hostPort, 1000)); attempt++) {
        if (signal.aborted) throw new NotReadyError(`validator-${v} does not answer on ${host}:${exposure.hostPort}.`, { hint: 'check the proxy: devnet logs validator-' + v + '/proxy' });
        if (attempt === 5) note(`validator-${v}: waiting for ${host}:${exposure.hostPort} to accept connections`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );
  return `${targets.length} proxies answer on ${host}:${targets[0]?.hostPort ?? ''}${targets.length > 1 ? `-${targets.at(-1)?.hostPort ?? ''}` : ''}`;
}
