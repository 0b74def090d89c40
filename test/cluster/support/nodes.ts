/**
 * What a substrate node and a Codex node answer over HTTP, for pods on the test control plane
 * (served through ./pod-network.ts). They keep a small state — a chain, a store of uploaded data —
 * and answer the way the real programs do, so devnet's checks are measured, not echoed.
 */
import { createHash } from 'node:crypto';
import type { PodHandler, PodRequest } from './pod-network.js';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A chain as nodes see it: best and finalized block numbers. A live chain moves on between two
 * looks at it (each chain_getFinalizedHead), as a real one does between two polls; one whose
 * finality stalled keeps authoring with its finalized block frozen, as when GRANDPA lacks votes.
 */
export class Chain {
  constructor(
    public best: number,
    public finalized: number,
    public progress: 'live' | 'finality-stalled' | 'still' = 'still',
  ) {}

  /** What happened since the last look. */
  advance(): void {
    if (this.progress === 'still') return;
    this.best += 1;
    if (this.progress === 'live') this.finalized += 1;
  }

  hashOf(number: number): string {
    return `0x${hex(`block ${number}`)}`;
  }

  header(number: number) {
    // The header as chain_getHeader serialises it: numbers in hex (sp-runtime generic header).
    return { parentHash: this.hashOf(number - 1), number: `0x${number.toString(16)}`, stateRoot: `0x${hex(`state ${number}`)}`, extrinsicsRoot: `0x${hex(`ext ${number}`)}`, digest: { logs: [] } };
  }
}

/** JSON-RPC 2.0 over HTTP POST on the RPC port, with the methods devnet's checks call. */
export function substrateRpc(chain: Chain, node: { peers: () => number }): PodHandler {
  return (request: PodRequest) => {
    if (request.method !== 'POST') return { status: 405, body: 'Used HTTP Method is not allowed. POST or OPTIONS is required' };
    const call = JSON.parse(request.body.toString('utf8')) as { id: number; method: string; params?: unknown[] };
    const reply = (result: unknown) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify({ jsonrpc: '2.0', id: call.id, result }) });
    switch (call.method) {
      case 'chain_getHeader': {
        const hash = call.params?.[0];
        if (hash === undefined || hash === null) return reply(chain.header(chain.best));
        const number = [...Array(chain.best + 1).keys()].find((n) => chain.hashOf(n) === hash);
        return reply(number === undefined ? null : chain.header(number));
      }
      case 'chain_getFinalizedHead':
        chain.advance();
        return reply(chain.hashOf(chain.finalized));
      case 'system_health':
        return reply({ peers: node.peers(), isSyncing: false, shouldHavePeers: true });
      default:
        return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } }) };
    }
  };
}

/** The node's /metrics page (Prometheus text format). */
export function substrateMetrics(chain: Chain, peers: () => number): PodHandler {
  return (request) => {
    if (request.path !== '/metrics') return { status: 404, body: 'Not found.' };
    return {
      contentType: 'text/plain; version=0.0.4',
      body: [
        '# HELP substrate_block_height Block height info of the chain',
        '# TYPE substrate_block_height gauge',
        `substrate_block_height{status="best",chain="rococo_local_testnet"} ${chain.best}`,
        `substrate_block_height{status="finalized",chain="rococo_local_testnet"} ${chain.finalized}`,
        '# HELP substrate_sub_libp2p_peers_count Number of connected peers',
        '# TYPE substrate_sub_libp2p_peers_count gauge',
        `substrate_sub_libp2p_peers_count{chain="rococo_local_testnet"} ${peers()}`,
        '',
      ].join('\n'),
    };
  };
}

/** Data stored anywhere in a Codex network, by CID: what /network/stream can fetch from peers. */
export class CodexNetwork {
  readonly blocks = new Map<string, Buffer>();
}

export interface CodexNode {
  peerId: string;
  /** Peer ids in this node's routing table. */
  table: Set<string>;
}

export function codexNode(name: string): CodexNode {
  return { peerId: `16Uiu2HAm${hex(name).slice(0, 44)}`, table: new Set() };
}

/** The REST API of a Codex node, the endpoints of codex/rest/api.nim (v0.2.5) devnet uses. */
export function codexApi(network: CodexNetwork, node: CodexNode, spr = `spr:CiUIAhIhA${hex(node.peerId).slice(0, 40)}`): PodHandler {
  return (request) => {
    const stream = /^\/api\/codex\/v1\/data\/([^/]+)\/network\/stream$/.exec(request.path);
    if (request.method === 'GET' && request.path === '/api/codex/v1/debug/info') {
      const info = { id: node.peerId, addrs: ['/ip4/10.244.0.1/tcp/8070'], repo: '/data', spr, announceAddresses: [], table: { localNode: { peerId: node.peerId }, nodes: [...node.table].map((peerId) => ({ peerId })) }, codex: { version: 'v0.2.5', revision: '36f64ad3' } };
      return { contentType: 'application/json', body: JSON.stringify(info, null, 2) };
    }
    if (request.method === 'GET' && request.path === '/api/codex/v1/spr') return { body: spr };
    if (request.method === 'POST' && request.path === '/api/codex/v1/data') {
      const cid = `zDvZRwzm${hex(request.body.toString('base64')).slice(0, 46)}`;
      network.blocks.set(cid, Buffer.from(request.body));
      return { body: cid };
    }
    if (request.method === 'GET' && stream !== null) {
      const data = network.blocks.get(decodeURIComponent(stream[1] ?? ''));
      if (data === undefined) return { status: 404, body: 'The requested CID could not be retrieved (BlockNotFoundError).' };
      return { contentType: 'application/octet-stream', body: data };
    }
    return { status: 404, body: 'Not found' };
  };
}
