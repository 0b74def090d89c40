/**
 * What `devnet status` and the dashboard show of linera-light's storage: the storage server as a
 * component of the shared group, with its pod, ready count and role; no ScyllaCluster row.
 */
import { describe, expect, test } from 'vitest';
import type { LiveObject } from '../../../src/kube/client.js';
import type { PodObject } from '../../../src/kube/conditions.js';
import { buildView } from '../../../src/tasks/view.js';
import { loadShipped } from '../../support/profiles.js';

const header = { devnet: 'linera-light', network: 'linera' as const, context: 'kind-linera-light', phases: [] };

const storagePod: PodObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'storage-0', namespace: 'linera-light-shared', labels: { 'app.kubernetes.io/instance': 'linera-light', 'app.kubernetes.io/component': 'storage' } },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'storage', ready: true, restartCount: 1, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
  },
};

const storageSet: LiveObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'storage', namespace: 'linera-light-shared' },
  status: { readyReplicas: 1 },
} as LiveObject;

describe('the storage server in status and the dashboard', () => {
  const topology = loadShipped('linera-light').topology;

  test('is the shared group\'s one component, its pod ready, its restart counted', () => {
    const view = buildView(topology, { pods: [storagePod], statefulSets: [storageSet], jobs: [], scyllaClusters: [], storagePods: [] }, header);
    const shared = view.validators.find((v) => v.name === 'shared');
    expect(shared?.components.map((c) => [c.name, c.workload, c.ready, c.desired])).toEqual([['storage', 'StatefulSet', 1, 1]]);
    expect(shared?.components[0]?.role).toContain('linera-storage-server keeps the chains of all 3 validators');
    expect(shared?.components[0]?.pods.map((p) => [p.name, p.state, p.restarts])).toEqual([['storage-0', 'ready', 1]]);
  });

  test('before it exists, the validators show storage-init, shards and proxy, and nothing of ScyllaDB', () => {
    const view = buildView(topology, { pods: [], statefulSets: [], jobs: [], scyllaClusters: [], storagePods: [] }, header);
    expect(view.validators.map((v) => v.name)).toEqual(['shared', 'validator-0', 'validator-1', 'validator-2']);
    expect(view.validators.find((v) => v.name === 'validator-0')?.components.map((c) => c.name)).toEqual(['storage-init', 'shards', 'proxy']);
    expect(JSON.stringify(view)).not.toContain('ScyllaCluster');
  });
});
