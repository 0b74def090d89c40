/**
 * The readiness chain of `up` for the storage server: a validator's storage-init Job is applied only
 * once the storage server it writes to is ready, then shards, then proxies. The applier and the watch
 * are recorders here (the cluster tier runs them for real); the order is what is under test.
 */
import { describe, expect, test } from 'vitest';
import type { ComponentPlan, Topology } from '../../../src/networks/topology.js';
import { lineraPlaceholders } from '../../../src/networks/linera/genesis.js';
import { renderObjects } from '../../../src/render/index.js';
import type { KubeObject } from '../../../src/render/kube-object.js';
import { deployShared, deployValidator, PhaseTimings, type DeployContext } from '../../../src/tasks/up/deploy.js';
import { loadShipped } from '../../support/profiles.js';

function recorder(topology: Topology) {
  const events: string[] = [];
  const material = topology.material.kind === 'linera' ? lineraPlaceholders(topology.material) : undefined;
  if (material === undefined) throw new Error('not linera');
  const objects = renderObjects(topology, material, { showSecrets: false });
  const where = (o: { metadata: { namespace?: string | undefined; name: string } }) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const ctx = {
    topology,
    material,
    signal: new AbortController().signal,
    timings: new PhaseTimings(),
    note: () => undefined,
    render: () => objects,
    applier: { apply: async (list: KubeObject[]) => list.forEach((o) => events.push(`apply ${o.kind} ${where(o)}`)), appliedGeneration: () => 1 },
    watch: {
      waitComponent: async (c: ComponentPlan) => {
        events.push(`ready ${where({ metadata: c })}`);
      },
      waitScylla: async () => events.push('ready scylla'),
    },
  } as unknown as DeployContext;
  return { ctx, objects, events };
}

describe('up\'s deploy chain with the storage server', () => {
  test('shared: the server is applied and ready before any validator starts its storage-init', async () => {
    const { ctx, objects, events } = recorder(loadShipped('linera-light').topology);
    await deployShared(ctx, objects);
    await deployValidator(ctx, objects, 1);
    expect(events).toEqual([
      'apply StatefulSet linera-light-shared/storage',
      'ready linera-light-shared/storage',
      'apply Job linera-light-val-1/storage-init',
      'ready linera-light-val-1/storage-init',
      'apply StatefulSet linera-light-val-1/shards',
      'ready linera-light-val-1/shards',
      'apply StatefulSet linera-light-val-1/proxy',
      'ready linera-light-val-1/proxy',
    ]);
  });

  test('per validator: each validator\'s own server first, applied once', async () => {
    const { ctx, objects, events } = recorder(loadShipped('linera-light', ['linera.storage.layout=per-validator']).topology);
    await deployShared(ctx, objects);
    await deployValidator(ctx, objects, 2);
    expect(events).toEqual([
      'apply StatefulSet linera-light-val-2/storage',
      'ready linera-light-val-2/storage',
      'apply Job linera-light-val-2/storage-init',
      'ready linera-light-val-2/storage-init',
      'apply StatefulSet linera-light-val-2/shards',
      'ready linera-light-val-2/shards',
      'apply StatefulSet linera-light-val-2/proxy',
      'ready linera-light-val-2/proxy',
    ]);
  });
});
