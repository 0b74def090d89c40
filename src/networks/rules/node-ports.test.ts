/**
 * NodePort layouts up to the reserved maximum. An accepted layout is checked against what is really
 * rendered with every reserved validator deployed: all Services and the kind port mappings, as the
 * API server and kind would allocate them. A refused one must name both fields involved.
 */
import { describe, expect, test } from 'vitest';
import { parseSetFlag } from '../../config/overrides.js';
import { formatProblem } from '../../config/problem.js';
import { generateKeys } from '../builtin-keys.js';
import { withEntries } from '../material.js';
import { lineraPlaceholders } from '../linera/genesis.js';
import { checkProfile } from '../registry.js';
import { renderObjects } from '../../render/index.js';
import { renderKindConfig } from '../../render/kind-config.js';
import type { Topology } from '../topology.js';
import { shippedText } from '../../../test/support/profiles.js';

type Row = { name: string; profile: 'linera' | 'substrate' | 'codex'; sets: string[]; refused?: RegExp[] };

const rows: Row[] = [
  { name: 'codex as shipped, 8 reserved validators', profile: 'codex', sets: [] },
  { name: 'codex, 64 replicas of 1 reserved validator (65 nodes)', profile: 'codex', sets: ['cluster.reservedValidators=1', 'codex.replicas=64'] },
  { name: 'codex, 100 reserved validators of 1 replica (101 nodes)', profile: 'codex', sets: ['cluster.reservedValidators=100', 'codex.replicas=1'], refused: [/NodePort 30600 is planned twice: for discovery \(UDP\) of the bootstrap node \(codex\.ports\.discovery\.nodePort\) and for transport \(TCP\) of node 100 \(codex\.ports\.transport\.nodePort\)/, /NodePort 30700 .*api \(TCP\) of the bootstrap node \(codex\.ports\.api\.nodePort\) and for discovery \(UDP\) of node 100 \(codex\.ports\.discovery\.nodePort\)/] },
  { name: 'codex with the chart\'s offset 10 and 9 storage nodes', profile: 'codex', sets: ['cluster.reservedValidators=1', 'codex.replicas=9', 'codex.ports.transport.nodePort.offset=10', 'codex.ports.discovery.nodePort.offset=10', 'codex.ports.discovery.nodePort.base=30600', 'codex.ports.api.nodePort.base=31000'] },
  { name: 'codex with the chart\'s offset 10 and 10 storage nodes', profile: 'codex', sets: ['cluster.reservedValidators=1', 'codex.replicas=10', 'codex.ports.transport.nodePort.offset=10', 'codex.ports.discovery.nodePort.offset=10', 'codex.ports.api.nodePort.base=31000'], refused: [/NodePort 30600 is planned twice: for discovery \(UDP\) of the bootstrap node \(codex\.ports\.discovery\.nodePort\) and for transport \(TCP\) of node 10 \(codex\.ports\.transport\.nodePort\)/] },
  { name: 'substrate, 100 reserved validators', profile: 'substrate', sets: ['cluster.reservedValidators=100', 'substrate.devAccounts=false', 'substrate.args.chain=/specs/own.json'] },
  { name: 'substrate, RPC range starting inside the P2P range', profile: 'substrate', sets: ['cluster.reservedValidators=100', 'substrate.devAccounts=false', 'substrate.args.chain=/specs/own.json', 'substrate.ports.rpc.nodePort.base=30400'], refused: [/NodePort 30400 is planned twice: for rpc \(TCP\) of node 0 \(substrate\.ports\.rpc\.nodePort\) and for p2p \(TCP\) of node 67 \(substrate\.ports\.p2p\.nodePort\)/] },
  { name: 'substrate, 100 reserved validators of 30 replicas run past 32767', profile: 'substrate', sets: ['cluster.reservedValidators=100', 'substrate.devAccounts=false', 'substrate.args.chain=/specs/own.json', 'substrate.replicas=30'], refused: [/substrate\.ports\.p2p\.nodePort\.base: gives p2p \(TCP\) of node \d+ NodePort 32768, beyond the NodePort range/, /substrate\.ports\.rpc\.nodePort\.base: gives rpc \(TCP\) of node \d+ NodePort 32768/] },
  { name: 'linera, 100 reserved validators', profile: 'linera', sets: ['cluster.reservedValidators=100'] },
  { name: 'linera, proxies past 32767', profile: 'linera', sets: ['cluster.reservedValidators=100', 'linera.exposure.nodePortBase=32700'], refused: [/linera\.exposure\.nodePortBase: gives grpc \(TCP\) of validator 68's proxy NodePort 32768/] },
];

function check(row: Row, extra: string[] = []) {
  return checkProfile({ file: `profiles/${row.profile}.yaml`, text: shippedText(row.profile), overrides: [...row.sets, ...extra].map(parseSetFlag) });
}

function material(topology: Topology) {
  if (topology.material.kind === 'linera') return lineraPlaceholders(topology.material);
  return withEntries(generateKeys(topology.material.keys, 's'), Object.fromEntries(topology.material.discovered.map((n) => [n, 'spr:x'])));
}

/** Every NodePort the API server would have to allocate, by number, with the one Service that may hold it. */
function allocations(topology: Topology): Map<number, string[]> {
  const taken = new Map<number, string[]>();
  for (const service of renderObjects(topology, material(topology), { showSecrets: false }).filter((o) => o.kind === 'Service')) {
    const ports = (service as unknown as { spec: { ports: { nodePort?: number }[] } }).spec.ports;
    for (const port of ports) {
      if (port.nodePort === undefined) continue;
      const owner = `${service.metadata.namespace ?? ''}/${service.metadata.name}`;
      taken.set(port.nodePort, [...new Set([...(taken.get(port.nodePort) ?? []), owner])]);
    }
  }
  return taken;
}

describe('NodePort layouts up to the reserved maximum', () => {
  test.each(rows.filter((r) => r.refused === undefined))('$name: accepted, and every reserved validator deployed gets distinct NodePorts and host ports', (row) => {
    const first = check(row);
    expect(first.ok ? [] : first.errors.map(formatProblem)).toEqual([]);
    if (!first.ok) return;
    const reserved = String(Math.max(first.profile.cluster.reservedValidators, first.profile.validators));
    const all = check(row, [`validators=${reserved}`]);
    if (!all.ok) throw new Error(all.errors.map(formatProblem).join('\n'));
    const shared = [...allocations(all.topology)].filter(([, owners]) => owners.length > 1);
    expect(shared).toEqual([]);
    expect(Math.max(...allocations(all.topology).keys())).toBeLessThanOrEqual(32767);
    const mappings = renderKindConfig(all.topology.cluster, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: []\n', 'base').nodes[0]?.extraPortMappings ?? [];
    expect(new Set(mappings.map((m) => `${m.hostPort}/${m.protocol ?? ''}`)).size).toBe(mappings.length);
    expect(mappings.length).toBe(first.topology.cluster.reserved.length);
  });

  test.each(rows.filter((r) => r.refused !== undefined))('$name: refused at profile-check time, naming the fields', (row) => {
    const result = check(row);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map(formatProblem);
    for (const pattern of row.refused ?? []) expect(messages).toContainEqual(expect.stringMatching(pattern));
  });
});
