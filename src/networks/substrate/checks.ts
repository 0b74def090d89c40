/**
 * Built-in checks of a substrate-style chain: blocks are authored and finalised, and every node
 * is connected. Measured with the node's own JSON-RPC over HTTP POST on its `rpc` port (the RPC
 * server answers HTTP and WebSocket on one port), reached through the Kubernetes API's pod proxy
 * because RPC is not exposed on the host.
 *
 * Upstream (paritytech/polkadot-sdk, stable2509):
 * - `chain_getHeader([hash])`, `chain_getFinalizedHead()`: substrate/client/rpc-api/src/chain/mod.rs
 *   (the header's `number` is a hex string, sp-runtime's generic header serde).
 * - `system_health()` → `{ peers, isSyncing, shouldHavePeers }`: substrate/client/rpc-api/src/system/helpers.rs.
 * - The RPC server filters the Host header only when --rpc-cors is not `all`
 *   (`host_filtering(cors.is_some(), …)`, substrate/client/rpc-servers/src/utils.rs), so a request
 *   relayed by the API server is answered when the profile keeps `rpc-cors: all`.
 */
import type { PodTarget, Probes } from '../../contracts/probes.js';
import type { SubstrateBuiltinSettings, SubstrateProfile } from './profile-schema.js';
import { measureAll, podTargets, targetName, verdictOf, type BuiltinCheck, type BuiltinSuite, type FollowUp } from '../check-kit.js';

const RPC_PORT = 'rpc';

export const substrateChecks: BuiltinSuite<SubstrateProfile> = {
  checks(profile, topology, lines) {
    const settings = profile.checks.builtin;
    const nodes = podTargets(topology, ['node']);
    // Every node dials node 0 and learns the rest from it, so each ends up with all the others.
    const minPeers = settings.minPeers ?? Math.max(0, nodes.length - 1);
    return [blocks(nodes, settings, lines), peers(nodes, minPeers, lines)];
  },
};

/**
 * Blocks are authored and finalised: every node's best and finalized block reach the thresholds
 * and both move on while the check watches. A chain whose finality stopped (GRANDPA short of its
 * votes) keeps authoring and keeps its old finalized number; only progress tells it from a live one.
 */
function blocks(nodes: PodTarget[], settings: SubstrateBuiltinSettings, lines: FollowUp): BuiltinCheck {
  const expected = `best block ≥ ${settings.bestBlock} and finalized block ≥ ${settings.finalized} on every node, both advancing`;
  const first = new Map<string, { best: number; finalized: number }>();
  return {
    id: 'substrate/blocks',
    name: `blocks are authored and finalised (${expected})`,
    expected,
    where: lines.devnet('logs node --include "Imported|finalized|Idle"'),
    async measure(probes) {
      const results = await measureAll(nodes, async (node) => {
        const best = headerNumber(await rpc(probes, node, 'chain_getHeader', []));
        const finalizedHash = await rpc(probes, node, 'chain_getFinalizedHead', []);
        const finalized = headerNumber(await rpc(probes, node, 'chain_getHeader', [finalizedHash]));
        return { best, finalized };
      });
      const measurements = results.map(({ target, value, error }) => {
        const name = targetName(target);
        if (value === undefined) return { target: name, value: `no answer (${error ?? ''})`, ok: false };
        const start = first.get(name) ?? value;
        first.set(name, start);
        const stalled = [
          ...(value.best > start.best ? [] : [`no new block since #${start.best}`]),
          ...(settings.finalized === 0 || value.finalized > start.finalized ? [] : [`no block finalised since #${start.finalized}`]),
        ];
        const reached = value.best >= settings.bestBlock && value.finalized >= settings.finalized;
        return { target: name, value: `best #${value.best}, finalized #${value.finalized}${stalled.length > 0 ? ` (${stalled.join(', ')})` : ''}`, ok: reached && stalled.length === 0 };
      });
      return verdictOf(measurements, (failed) => failed.map((m) => `${m.target}: ${m.value}`).join('; '));
    },
  };
}

function peers(nodes: PodTarget[], minPeers: number, lines: FollowUp): BuiltinCheck {
  const expected = `every node has at least ${minPeers} peer${minPeers === 1 ? '' : 's'} (${nodes.length} nodes)`;
  return {
    id: 'substrate/peers',
    name: `nodes are connected (${expected})`,
    expected,
    where: lines.devnet('logs node --include "peers|bootnode|Discovered"'),
    async measure(probes) {
      const results = await measureAll(nodes, async (node) => healthOf(await rpc(probes, node, 'system_health', [])));
      const measurements = results.map(({ target, value, error }) => ({
        target: targetName(target),
        value: value === undefined ? `no answer (${error ?? ''})` : `${value.peers} peer${value.peers === 1 ? '' : 's'}${value.isSyncing ? ', syncing' : ''}`,
        ok: value !== undefined && value.peers >= minPeers,
      }));
      return verdictOf(measurements, (failed) => failed.map((m) => `${m.target}: ${m.value}`).join('; '));
    },
  };
}

let requestId = 0;

/** One JSON-RPC 2.0 call; returns `result`, throws with the node's own error message. */
export async function rpc(probes: Probes, node: PodTarget, method: string, params: unknown[]): Promise<unknown> {
  const port = node.ports[RPC_PORT];
  if (port === undefined) throw new Error(`the node has no port named ${RPC_PORT}`);
  const answer = await probes.http(node, port, { method: 'POST', path: '/', contentType: 'application/json', body: JSON.stringify({ jsonrpc: '2.0', id: ++requestId, method, params }) });
  if (answer.status !== 200) throw new Error(`${method} answered HTTP ${answer.status}: ${answer.text().slice(0, 200)}`);
  let reply: { result?: unknown; error?: { message?: string } };
  try {
    reply = JSON.parse(answer.text()) as typeof reply;
  } catch {
    throw new Error(`${method} answered something that is not JSON: ${answer.text().slice(0, 120)}`);
  }
  if (reply.error !== undefined) throw new Error(`${method} failed: ${reply.error.message ?? JSON.stringify(reply.error)}`);
  return reply.result;
}

function headerNumber(header: unknown): number {
  const number = (header as { number?: unknown } | null)?.number;
  if (typeof number === 'number') return number;
  if (typeof number === 'string' && /^0x[0-9a-f]+$/i.test(number)) return Number.parseInt(number.slice(2), 16);
  throw new Error(`a header without a block number: ${JSON.stringify(header)?.slice(0, 120)}`);
}

function healthOf(value: unknown): { peers: number; isSyncing: boolean } {
  const health = value as { peers?: unknown; isSyncing?: unknown } | null;
  if (typeof health?.peers !== 'number') throw new Error(`system_health answered without peers: ${JSON.stringify(value)?.slice(0, 120)}`);
  return { peers: health.peers, isSyncing: health.isSyncing === true };
}
