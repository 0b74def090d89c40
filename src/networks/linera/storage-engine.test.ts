/**
 * `linera.storage.engine: service`: linera-storage-server in place of ScyllaDB, planned from the
 * shipped light profile in both layouts. What a user would see in `devnet plan`: the server's
 * command line, and the storage URI every shard, proxy and init of each validator is given.
 */
import { describe, expect, test } from 'vitest';
import { loadShipped } from '../../../test/support/profiles.js';
import type { ComponentPlan, Topology } from '../topology.js';

const text = (words: ComponentPlan['replicas'][number]['command']) => words.map((w) => w.map((s) => ('text' in s ? s.text : '?')).join(''));
const of = (topology: Topology, validator: number | null, name: string): ComponentPlan => {
  const found = topology.components.find((c) => c.validator === validator && c.name === name);
  if (found === undefined) throw new Error(`no ${name} for ${validator === null ? 'the devnet' : `validator ${validator}`}`);
  return found;
};

/** Every place a validator's processes are handed a storage URI: shards, proxies, the init Job and the init containers. */
function urisOf(topology: Topology, validator: number): string[] {
  const components = topology.components.filter((c) => c.validator === validator && c.phase !== 'storage');
  const argv = components.flatMap((c) => c.replicas.flatMap((r) => text(r.command)));
  const scripts = components.flatMap((c) => c.initContainers.flatMap((i) => i.command));
  return [...argv, ...scripts].flatMap((word) => [...word.matchAll(/(scylladb|service):tcp:[^\s']+/g)].map((m) => m[0]));
}

describe('engine service, one storage server for the devnet (linera-light)', () => {
  const { topology } = loadShipped('linera-light');

  test('runs linera-storage-server rocksdb in the shared namespace, bound to every address of its pod, on its volume', () => {
    const server = of(topology, null, 'storage');
    expect(server.namespace).toBe('linera-light-shared');
    expect(server.workload).toBe('StatefulSet');
    expect(server.phase).toBe('storage');
    expect(server.image).toBe('devnet.local/linera-storage-server:0.15.23');
    expect(server.replicas.map((r) => text(r.command))).toEqual([
      ['./linera-storage-server', 'rocksdb', '--endpoint', '0.0.0.0:7878', '--path', '/data', '--namespace', 'devnet'],
    ]);
    expect(server.volumeClaim).toEqual({ name: 'rocksdb', size: '2Gi', storageClass: 'standard', mountPath: '/data' });
    expect(server.readiness).toEqual({ kind: 'tcp', port: 'storage' });
    expect(server.clientService).toEqual({ name: 'storage', ports: ['storage'] });
    expect(server.initContainers).toEqual([]);
  });

  test('every shard, proxy and init of validator N reaches it as service:tcp:…:table_validator_N', () => {
    for (const v of [0, 1, 2]) {
      const uris = urisOf(topology, v);
      expect(uris.length).toBeGreaterThanOrEqual(4);
      expect(new Set(uris)).toEqual(new Set([`service:tcp:storage.linera-light-shared.svc.cluster.local:7878:table_validator_${v}`]));
      expect(topology.validators[v]?.storageUri).toBe(uris[0]);
    }
  });

  test('no ScyllaDB and no operators: nothing for cert-manager or scylla-operator to do', () => {
    expect(topology.scylla).toEqual([]);
    expect(topology.prerequisites).toEqual([]);
  });

  test('storage is ready first, then each validator initialises it, then shards, then proxies', () => {
    expect(topology.components.map((c) => `${c.validator ?? 'shared'}:${c.name}:${c.phase}`).slice(0, 4)).toEqual([
      'shared:storage:storage',
      '0:storage-init:init',
      '0:shards:shards',
      '0:proxy:proxies',
    ]);
  });

  test('explain has the storage server\'s cost beside what ScyllaDB would cost', () => {
    expect(topology.storage?.current).toMatchObject({ engine: 'linera-storage-server', pods: 1, operators: [] });
    expect(topology.storage?.alternative).toMatchObject({ engine: 'ScyllaDB 6.2.3', pods: 1, operators: ['cert-manager', 'scylla-operator'] });
  });

  test('the flows name the storage server, not ScyllaDB', () => {
    expect(topology.flows.join('\n')).toContain('linera-storage-server (gRPC 7878)');
    expect(topology.flows.join('\n')).not.toContain('ScyllaDB');
  });
});

describe('engine service, one storage server per validator', () => {
  const { topology } = loadShipped('linera-light', ['linera.storage.layout=per-validator', 'linera.storage.service.port=7000']);

  test('each validator namespace has its own server and no shared namespace is made', () => {
    const servers = topology.components.filter((c) => c.name === 'storage');
    expect(servers.map((c) => [c.namespace, c.validator])).toEqual([
      ['linera-light-val-0', 0],
      ['linera-light-val-1', 1],
      ['linera-light-val-2', 2],
    ]);
    expect(topology.namespaces.map((n) => n.name)).not.toContain('linera-light-shared');
    expect(text(servers[1]?.replicas[0]?.command ?? [])).toContain('0.0.0.0:7000');
  });

  test('validator N is given its own server, still under the namespace table_validator_N', () => {
    for (const v of [0, 1, 2]) {
      expect(new Set(urisOf(topology, v))).toEqual(new Set([`service:tcp:storage.linera-light-val-${v}.svc.cluster.local:7000:table_validator_${v}`]));
    }
  });

  test('a validator\'s storage comes before its storage-init', () => {
    expect(topology.components.filter((c) => c.validator === 1).map((c) => `${c.name}:${c.phase}`)).toEqual(['storage:storage', 'storage-init:init', 'shards:shards', 'proxy:proxies']);
  });
});

describe('operators follow what the devnet uses', () => {
  test('ScyllaDB needs cert-manager, then scylla-operator', () => {
    expect(loadShipped('linera').topology.prerequisites).toEqual(['cert-manager', 'scylla-operator']);
  });

  test('an Ingress with the storage server needs cert-manager alone, for its certificate', () => {
    expect(loadShipped('linera-light', ['linera.exposure.ingress.enabled=true']).topology.prerequisites).toEqual(['cert-manager']);
  });

  test('substrate and codex need none', () => {
    expect(loadShipped('substrate').topology.prerequisites).toEqual([]);
    expect(loadShipped('codex').topology.prerequisites).toEqual([]);
  });
});

describe('the block exporter\'s volume', () => {
  test('uses the storage class of the engine in use', () => {
    const sets = ['linera.blockExporter.enabled=true', 'linera.storage.service.storageClass=fast', 'linera.storage.scylla.storageClass=slow'];
    expect(of(loadShipped('linera-light', sets).topology, 0, 'block-exporter').volumeClaim?.storageClass).toBe('fast');
    expect(of(loadShipped('linera', sets).topology, 0, 'block-exporter').volumeClaim?.storageClass).toBe('slow');
  });
});
