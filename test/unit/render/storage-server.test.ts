/**
 * What `devnet render` gives for `linera.storage.engine: service`: the storage server's StatefulSet
 * (its start script run with the real /bin/sh), its volume, probe and Services, and no trace of
 * ScyllaDB.
 */
import { describe, expect, test } from 'vitest';
import { lineraPlaceholders } from '../../../src/networks/linera/genesis.js';
import type { Topology } from '../../../src/networks/topology.js';
import { renderObjects } from '../../../src/render/index.js';
import { findObject } from '../../support/objects.js';
import { runStartScript } from '../../support/pod-shell.js';
import { loadShipped } from '../../support/profiles.js';

function render(topology: Topology) {
  if (topology.material.kind !== 'linera') throw new Error('not linera');
  return renderObjects(topology, lineraPlaceholders(topology.material), { showSecrets: false });
}

describe('the shared storage server of linera-light', () => {
  const objects = render(loadShipped('linera-light').topology);
  const NS = 'linera-light-shared';

  test('its pod starts linera-storage-server rocksdb with exactly the planned arguments and RUST_LOG', () => {
    const script = findObject(objects, 'ConfigMap', NS, 'storage-commands').data['replica-0.sh'];
    const started = runStartScript(script, 'linera-storage-server', { RUST_LOG: 'info' });
    expect(started.argv).toEqual(['rocksdb', '--endpoint', '0.0.0.0:7878', '--path', '/data', '--namespace', 'devnet']);
    const container = findObject(objects, 'StatefulSet', NS, 'storage').spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'RUST_LOG', value: 'info' });
    expect(container.image).toBe('devnet.local/linera-storage-server:0.15.23');
  });

  test('keeps RocksDB on a volume claimed per replica, so a restarted pod finds its state', () => {
    const sts = findObject(objects, 'StatefulSet', NS, 'storage');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'rocksdb' }), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '2Gi' } } } }),
    ]);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'rocksdb', mountPath: '/data' });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });

  test('is ready when its port accepts connections (it serves no gRPC health service), and nothing waits inside it', () => {
    const pod = findObject(objects, 'StatefulSet', NS, 'storage').spec.template.spec;
    expect(pod.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'storage' }, periodSeconds: 2, failureThreshold: 3 });
    expect(pod.containers[0].ports).toEqual([{ name: 'storage', containerPort: 7878, protocol: 'TCP' }]);
    expect(pod.initContainers).toEqual([]);
  });

  test('answers as storage.<namespace>:7878, the host every storage URI names', () => {
    const service = findObject(objects, 'Service', NS, 'storage');
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'storage', port: 7878, targetPort: 7878, protocol: 'TCP' }] });
    expect(service.spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'storage' });
    expect(findObject(objects, 'Service', NS, 'storage-internal').spec.clusterIP).toBe('None');
  });

  test('shards wait for their storage and run against it; no ScyllaCluster or scylla-config is rendered', () => {
    const shards = findObject(objects, 'StatefulSet', 'linera-light-val-1', 'shards').spec.template.spec;
    expect(shards.initContainers[0].command[2]).toContain("storage check-existence --storage 'service:tcp:storage.linera-light-shared.svc.cluster.local:7878:table_validator_1'");
    expect(findObject(objects, 'ConfigMap', 'linera-light-val-1', 'shards-commands').data['replica-0.sh']).toContain('--storage service:tcp:storage.linera-light-shared.svc.cluster.local:7878:table_validator_1');
    expect(objects.filter((o) => o.kind === 'ScyllaCluster' || o.metadata.name === 'scylla-config')).toEqual([]);
  });

  test('its profile flags reach the command line as --kebab-case', () => {
    const withFlags = render(loadShipped('linera-light', ['linera.storage.service.flags.maxCacheSize=1000']).topology);
    const script = findObject(withFlags, 'ConfigMap', NS, 'storage-commands').data['replica-0.sh'];
    expect(runStartScript(script, 'linera-storage-server', {}).argv.slice(-2)).toEqual(['--max-cache-size', '1000']);
  });
});

describe('one storage server per validator', () => {
  const objects = render(loadShipped('linera-light', ['linera.storage.layout=per-validator']).topology);

  test('each validator namespace gets its own StatefulSet, volume and Service; there is no shared namespace', () => {
    for (const v of [0, 1, 2]) {
      expect(findObject(objects, 'StatefulSet', `linera-light-val-${v}`, 'storage').spec.volumeClaimTemplates).toHaveLength(1);
      expect(findObject(objects, 'Service', `linera-light-val-${v}`, 'storage').spec.type).toBe('ClusterIP');
    }
    expect(objects.some((o) => o.metadata.namespace === 'linera-light-shared' || o.metadata.name === 'linera-light-shared')).toBe(false);
  });
});
