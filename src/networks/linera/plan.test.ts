import { describe, expect, test } from 'vitest';
import { loadShipped } from '../../../test/support/profiles.js';
import type { ComponentPlan, Topology } from '../topology.js';

const component = (topology: Topology, validator: number, name: string): ComponentPlan => {
  const found = topology.components.find((c) => c.validator === validator && c.name === name);
  if (found === undefined) throw new Error(`no ${name} in validator ${validator}`);
  return found;
};
const text = (c: ComponentPlan, ordinal: number) => c.replicas[ordinal]?.command.map((w) => w.map((s) => ('text' in s ? s.text : '?')).join('')) ?? [];

describe('Linera topology (laptop default)', () => {
  const { topology } = loadShipped('linera');

  test('one namespace per validator plus a shared one for the ScyllaCluster', () => {
    expect(topology.namespaces.map((n) => n.name)).toEqual(['linera-shared', 'linera-val-0', 'linera-val-1', 'linera-val-2']);
    expect(topology.scylla).toHaveLength(1);
    expect(topology.scylla[0]?.namespace).toBe('linera-shared');
  });

  test('each validator has storage-init, shards and proxies, in readiness order', () => {
    const names = topology.components.filter((c) => c.validator === 1).map((c) => `${c.name}:${c.phase}`);
    expect(names).toEqual(['storage-init:init', 'shards:shards', 'proxy:proxies']);
  });

  test('shards bind the same port in every replica and get their shard number from the ordinal', () => {
    const shards = component(topology, 0, 'shards');
    expect(shards.replicas.map((r) => r.pod)).toEqual(['shards-0', 'shards-1']);
    expect(shards.ports.find((p) => p.name === 'grpc')?.port).toBe(19100);
    expect(text(shards, 1)).toEqual(expect.arrayContaining(['--shard', '1']));
    expect(text(shards, 1).join(' ')).toContain('--storage scylladb:tcp:scylla-client.linera-shared.svc.cluster.local:9042:table_validator_0');
  });

  test('each validator keeps its own keyspace in the shared cluster', () => {
    expect(topology.validators.map((v) => v.storageUri?.split(':').at(-1))).toEqual(['table_validator_0', 'table_validator_1', 'table_validator_2']);
  });

  test('only the proxy is exposed: one NodePort per validator, advertised as localhost:19100+N', () => {
    const exposed = topology.components.filter((c) => c.sharedExposure || c.replicas.some((r) => r.exposures.length > 0));
    expect(exposed.every((c) => c.name === 'proxy')).toBe(true);
    expect(exposed.map((c) => c.sharedExposure?.exposures[0])).toEqual([0, 1, 2].map((v) => ({ portName: 'grpc', protocol: 'TCP', nodePort: 30100 + v, hostPort: 19100 + v })));
    expect(topology.validators.map((v) => v.endpoints[0]?.address)).toEqual(['localhost:19100', 'localhost:19101', 'localhost:19102']);
  });

  test('the proxy binds fixed ports while the committee advertises the host port', () => {
    const toml = topology.material.kind === 'linera' ? (topology.material.validators[2]?.optionsToml ?? '') : '';
    expect(toml).toContain('port = 19102');
    expect(toml).toContain('host = "proxy-0.proxy-internal.linera-val-2.svc.cluster.local"');
    expect(toml).toContain('public_port = 19100');
    expect(toml).toContain('host = "shards-1.shards.linera-val-2.svc.cluster.local"');
  });

  test('host ports are reserved for 8 validators even though 3 run', () => {
    expect(topology.cluster.reserved.map((e) => e.hostPort)).toEqual([19100, 19101, 19102, 19103, 19104, 19105, 19106, 19107]);
  });

  test('the signing key only ever travels in a Secret', () => {
    const secrets = topology.data.filter((d) => d.entries.some((e) => 'material' in e && e.material.endsWith('server.json')));
    expect(secrets.map((d) => d.kind)).toEqual(['Secret', 'Secret', 'Secret']);
  });
});

describe('Linera topology (production-shaped)', () => {
  const { topology } = loadShipped('linera-production');

  test('every validator has its own ScyllaCluster, and its own table in keyspace kv', () => {
    expect(topology.scylla.map((s) => s.namespace)).toEqual(['linera-prod-val-0', 'linera-prod-val-1']);
    expect(topology.validators[1]?.storageUri).toBe('scylladb:tcp:scylla-client.linera-prod-val-1.svc.cluster.local:9042:table_validator_1');
  });

  test('at least two shards and proxies, and a block exporter reading its own TOML', () => {
    expect(component(topology, 0, 'shards').replicas).toHaveLength(2);
    expect(component(topology, 0, 'proxy').replicas).toHaveLength(2);
    const exporter = component(topology, 1, 'block-exporter');
    expect(text(exporter, 0)).toEqual(expect.arrayContaining(['--config-path', '/exporter-config/exporter-0.toml']));
    const config = topology.data.find((d) => d.name === 'block-exporter-config' && d.validator === 1);
    expect(config?.entries.map((e) => e.key)).toEqual(['exporter-0.toml']);
  });

  test('shard flags from the profile become kebab-case flags', () => {
    expect(text(component(topology, 0, 'shards'), 0)).toEqual(expect.arrayContaining(['--chain-worker-ttl-ms', '300000']));
  });

  test('validators learn their exporters from the options TOML', () => {
    const toml = topology.material.kind === 'linera' ? (topology.material.validators[0]?.optionsToml ?? '') : '';
    expect(toml).toContain('[[block_exporters]]');
    expect(toml).toContain('host = "block-exporter-0.block-exporter.linera-prod-val-0.svc.cluster.local"');
  });
});
