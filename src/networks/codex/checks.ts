/**
 * Built-in checks of a Codex storage network: every node has the others in its DHT routing
 * table, and a file uploaded to one node downloads intact from another. Measured with the node's
 * REST API on its `api` port, through the Kubernetes API's pod proxy (the API is not exposed on
 * the host).
 *
 * Upstream (codex-storage/nim-codex v0.2.5 = 36f64ad3):
 * - `GET /api/codex/v1/debug/info` → `{ id, table: { localNode, nodes: [{ peerId, … }] } }`:
 *   codex/rest/api.nim:916-946, codex/rest/json.nim:53-62 and 93-99.
 * - `POST /api/codex/v1/data` stores the body and answers the CID as text: codex/rest/api.nim:198-258.
 * - `GET /api/codex/v1/data/{cid}/network/stream` fetches it from the network: codex/rest/api.nim:331-348.
 */
import type { PodTarget, Probes } from '../../contracts/probes.js';
import type { CodexProfile } from './profile-schema.js';
import { measureAll, podTargets, targetName, verdictOf, type BuiltinCheck, type BuiltinSuite, type FollowUp } from '../check-kit.js';

const API_PORT = 'api';
const INFO = '/api/codex/v1/debug/info';

export const codexChecks: BuiltinSuite<CodexProfile> = {
  checks(profile, topology, lines) {
    const nodes = podTargets(topology, ['bootstrap', 'codex']);
    return [routing(nodes, lines), transfer(nodes, profile.checks.builtin.fileSize, lines)];
  },
};

function routing(nodes: PodTarget[], lines: FollowUp): BuiltinCheck {
  const expected = `each of the ${nodes.length} nodes has the other ${nodes.length - 1} in its routing table`;
  return {
    id: 'codex/peers',
    name: 'every node sees the others',
    expected,
    where: `${lines.devnet('logs codex --include "peer|discovery|bootstrap"')}; ${lines.devnet('status')} for the NodePorts`,
    async measure(probes) {
      const infos = await measureAll(nodes, async (node) => info(probes, node));
      const ids = new Map(infos.flatMap(({ target, value }) => (value === undefined ? [] : [[targetName(target), value.id] as const])));
      const measurements = infos.map(({ target, value, error }) => {
        const name = targetName(target);
        if (value === undefined) return { target: name, value: `no answer (${error ?? ''})`, ok: false };
        const missing = [...ids].filter(([other, id]) => other !== name && !value.peers.includes(id)).map(([other]) => other);
        const unknown = nodes.length - ids.size;
        return {
          target: name,
          value: missing.length === 0 && unknown === 0 ? `sees all ${nodes.length - 1}` : `does not see ${[...missing, ...(unknown > 0 ? [`${unknown} node(s) that did not answer`] : [])].join(', ')}`,
          ok: missing.length === 0 && unknown === 0,
        };
      });
      return verdictOf(measurements, (failed) => failed.map((m) => `${m.target} ${m.value}`).join('; '));
    },
  };
}

function transfer(nodes: PodTarget[], size: number, lines: FollowUp): BuiltinCheck {
  const from = nodes.find((n) => n.component === 'codex') ?? nodes[0];
  const to = [...nodes].reverse().find((n) => n !== from);
  const route = from === undefined || to === undefined ? 'two nodes' : `${targetName(from)} to ${targetName(to)}`;
  const expected = `a ${size}-byte file uploaded to one node downloads byte for byte from another (${route})`;
  return {
    id: 'codex/transfer',
    name: 'a file travels between two nodes',
    expected,
    where: `${lines.devnet(`logs ${from === undefined ? 'codex' : targetName(from)}`)}; ${lines.devnet(`logs ${to === undefined ? 'codex' : targetName(to)}`)}`,
    async measure(probes) {
      if (from === undefined || to === undefined) return { ok: false, measurements: [], seen: `the devnet has ${nodes.length} node(s); the check needs two` };
      const content = probes.randomBytes(size);
      const upload = await attempt(() => store(probes, from, content));
      if ('error' in upload) return failed(from, `upload failed: ${upload.error}`);
      const download = await attempt(() => retrieve(probes, to, upload.value));
      if ('error' in download) return failed(to, `download of ${upload.value} failed: ${download.error}`);
      const intact = sameBytes(content, download.value);
      const value = intact ? `${download.value.length} bytes of ${upload.value}, identical` : `${download.value.length} bytes of ${upload.value}, not the ${content.length} bytes uploaded`;
      return verdictOf([{ target: `${targetName(from)} → ${targetName(to)}`, value, ok: intact }], (m) => m.map((x) => `${x.target}: ${x.value}`).join('; '));
    },
  };
}

function failed(target: PodTarget, value: string) {
  return verdictOf([{ target: targetName(target), value, ok: false }], (m) => m.map((x) => `${x.target}: ${x.value}`).join('; '));
}

async function attempt<T>(fn: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function apiPort(node: PodTarget): number {
  const port = node.ports[API_PORT];
  if (port === undefined) throw new Error(`the node has no port named ${API_PORT}`);
  return port;
}

async function info(probes: Probes, node: PodTarget): Promise<{ id: string; peers: string[] }> {
  const answer = await probes.http(node, apiPort(node), { method: 'GET', path: INFO });
  if (answer.status !== 200) throw new Error(`${INFO} answered HTTP ${answer.status}`);
  const body = JSON.parse(answer.text()) as { id?: unknown; table?: { nodes?: { peerId?: unknown }[] } };
  if (typeof body.id !== 'string') throw new Error(`${INFO} answered without an id`);
  return { id: body.id, peers: (body.table?.nodes ?? []).map((n) => String(n.peerId)) };
}

// No Content-Type: Codex then stores no MIME type (api.nim:214-224 rejects types it cannot map to an extension).
async function store(probes: Probes, node: PodTarget, content: Uint8Array): Promise<string> {
  const answer = await probes.http(node, apiPort(node), { method: 'POST', path: '/api/codex/v1/data', body: content });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text().slice(0, 200)}`);
  return answer.text().trim();
}

async function retrieve(probes: Probes, node: PodTarget, cid: string): Promise<Uint8Array> {
  const answer = await probes.http(node, apiPort(node), { method: 'GET', path: `/api/codex/v1/data/${encodeURIComponent(cid)}/network/stream` });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text().slice(0, 200)}`);
  return answer.body;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
