/**
 * The Applier and the clean-up against the real API server: an immutable change replaces the
 * object (the old pods go first, the claims stay), and what the profile no longer has is pruned,
 * whole namespaces (cluster-scoped) included.
 */
import { describe, expect, onTestFinished, test } from 'vitest';
import { type LiveObject } from '../../src/kube/client.js';
import { labels, selector } from '../../src/render/labels.js';
import type { KubeObject } from '../../src/render/kube-object.js';
import { Applier } from '../../src/tasks/up/apply.js';
import { DevnetWatch } from '../../src/tasks/up/readiness.js';
import { commandLines } from '../../src/output/command-line.js';
import type { ComponentPlan } from '../../src/networks/topology.js';
import { PRUNABLE_KINDS, prune } from '../../src/tasks/up/teardown.js';
import { unique } from '../support/names.js';
import { clusterKube } from './support/kube.js';


function devnet() {
  const name = unique('ap');
  const ns = (v: number) => `${name}-val-${v}`;
  onTestFinished(async () => {
    for (const v of [0, 1]) await clusterKube().delete('v1', 'Namespace', undefined, ns(v));
  });
  const namespace = (v: number): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(v), labels: labels({ devnet: name, network: 'substrate', validator: v }) } });
  const configMap = (v: number, cm: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm, namespace: ns(v), labels: labels({ devnet: name, network: 'substrate', validator: v }) }, data: { v: String(v) } });
  return { name, ns, namespace, configMap };
}

function statefulSet(devnetName: string, namespace: string, storage: string): KubeObject {
  const podLabels = labels({ devnet: devnetName, network: 'substrate', validator: 0, component: 'node' });
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'node', namespace, labels: podLabels },
    spec: {
      replicas: 1,
      serviceName: 'node',
      selector: { matchLabels: selector(devnetName, 'node') },
      template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'node', image: 'example.org/node:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } }],
    },
  } as KubeObject;
}

/** A Job like Linera's storage-init: its pod template cannot be changed once it exists. */
function job(devnetName: string, namespace: string, image: string): KubeObject {
  const podLabels = labels({ devnet: devnetName, network: 'linera', validator: 0, component: 'storage-init' });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'storage-init', namespace, labels: podLabels },
    spec: { backoffLimit: 0, template: { metadata: { labels: podLabels }, spec: { restartPolicy: 'Never', containers: [{ name: 'init', image }] } } },
  } as KubeObject;
}

describe('Applier', () => {
  test('replaces a StatefulSet whose claims changed: a new object, the old pods gone first, the old claim kept', async () => {
    const d = devnet();
    const signal = new AbortController().signal;
    const first = new Applier(clusterKube(), d.name, signal);
    await first.apply([d.namespace(0), statefulSet(d.name, d.ns(0), '1Gi')]);
    const before = await clusterKube().get('apps/v1', 'StatefulSet', d.ns(0), 'node');
    await waitPods(d.ns(0), 1);
    const oldPod = (await clusterKube().list('v1', 'Pod', { namespace: d.ns(0) })).items[0];

    const second = new Applier(clusterKube(), d.name, signal);
    await second.load(PRUNABLE_KINDS);
    await second.apply([d.namespace(0), statefulSet(d.name, d.ns(0), '2Gi')]);
    expect(second.report.replaced).toEqual([`StatefulSet/${d.ns(0)}/node`]);
    const after = (await clusterKube().get('apps/v1', 'StatefulSet', d.ns(0), 'node')) as LiveObject & { spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
    expect(after.metadata.uid).not.toBe(before?.metadata.uid);
    expect(after.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage).toBe('2Gi');
    // Foreground deletion: the old pod was gone before the new StatefulSet existed.
    const pods = (await clusterKube().list('v1', 'Pod', { namespace: d.ns(0) })).items;
    expect(pods.every((p) => p.metadata.uid !== oldPod?.metadata.uid)).toBe(true);
    const claims = (await clusterKube().list('v1', 'PersistentVolumeClaim', { namespace: d.ns(0) })).items.map((c) => c.metadata.name);
    expect(claims).toContain('data-node-0');

    const third = new Applier(clusterKube(), d.name, signal);
    await third.load(PRUNABLE_KINDS);
    await third.apply([d.namespace(0), statefulSet(d.name, d.ns(0), '2Gi')]);
    expect(third.report).toEqual({ applied: [], unchanged: 2, replaced: [] });
  });

  test('replaces a Job whose pod template changed (immutable once created): a new Job, the old one\'s pods gone first', async () => {
    const d = devnet();
    const signal = new AbortController().signal;
    const first = new Applier(clusterKube(), d.name, signal);
    await first.apply([d.namespace(0), job(d.name, d.ns(0), 'example.org/init:1')]);
    const before = await clusterKube().get('batch/v1', 'Job', d.ns(0), 'storage-init');
    expect(before).toBeDefined();
    await waitPods(d.ns(0), 1);

    const second = new Applier(clusterKube(), d.name, signal);
    await second.load(PRUNABLE_KINDS);
    await second.apply([d.namespace(0), job(d.name, d.ns(0), 'example.org/init:2')]);
    expect(second.report.replaced).toEqual([`Job/${d.ns(0)}/storage-init`]);
    const after = (await clusterKube().get('batch/v1', 'Job', d.ns(0), 'storage-init')) as LiveObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(after.metadata.uid).not.toBe(before?.metadata.uid);
    expect(after.spec.template.spec.containers[0]?.image).toBe('example.org/init:2');
    // Foreground deletion: no pod of the old Job is left to run beside the new one.
    const pods = (await clusterKube().list('v1', 'Pod', { namespace: d.ns(0) })).items;
    expect(pods.every((p) => (p.metadata as { labels?: Record<string, string> }).labels?.['batch.kubernetes.io/controller-uid'] !== before?.metadata.uid)).toBe(true);

    const third = new Applier(clusterKube(), d.name, signal);
    await third.load(PRUNABLE_KINDS);
    await third.apply([d.namespace(0), job(d.name, d.ns(0), 'example.org/init:2')]);
    expect(third.report).toEqual({ applied: [], unchanged: 2, replaced: [] });
  });

  test('a component applied again is not ready until the watch shows the generation that apply made, rolled out', async () => {
    const d = devnet();
    const signal = new AbortController().signal;
    const watch = new DevnetWatch(clusterKube(), d.name, false);
    await watch.start(signal);
    onTestFinished(() => watch.stop());
    const component = { namespace: d.ns(0), name: 'node', workload: 'StatefulSet' } as ComponentPlan;
    const wait = (generation: number) => watch.waitComponent(component, signal, commandLines({ profile: 'substrate', set: [] }), () => {}, generation);

    const first = new Applier(clusterKube(), d.name, signal);
    const v1 = statefulSet(d.name, d.ns(0), '1Gi');
    await first.apply([d.namespace(0), v1]);
    await wait(first.appliedGeneration(v1));
    const applied = first.appliedGeneration(v1);
    expect(applied).toBe(1);

    // Ready as the watch shows it, but for the generation before the one an apply just made: the
    // status it shows belongs to the old spec, so the wait holds.
    let settled = false;
    const next = wait(applied + 1).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBe(false);

    const second = new Applier(clusterKube(), d.name, signal);
    await second.load(PRUNABLE_KINDS);
    const v2 = structuredClone(v1) as KubeObject & { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
    v2.spec.template.metadata.annotations = { change: '2' };
    await second.apply([v2]);
    expect(second.appliedGeneration(v2)).toBe(applied + 1);
    await next;
    const live = (await clusterKube().get('apps/v1', 'StatefulSet', d.ns(0), 'node')) as LiveObject & { status: { observedGeneration: number; updatedReplicas: number } };
    expect(live.status.observedGeneration).toBe(applied + 1);
    expect(live.status.updatedReplicas).toBe(1);
  });

  test('prune removes what is no longer rendered: a namespace as a whole, single objects in the kept one', async () => {
    const d = devnet();
    const signal = new AbortController().signal;
    const everything = [d.namespace(0), d.namespace(1), d.configMap(0, 'keep'), d.configMap(0, 'old'), d.configMap(1, 'inside')];
    await new Applier(clusterKube(), d.name, signal).apply(everything);

    const applier = new Applier(clusterKube(), d.name, signal);
    await applier.load(PRUNABLE_KINDS);
    const wanted = [d.namespace(0), d.configMap(0, 'keep')];
    const stale = applier.stale(wanted);
    expect(stale.sort()).toEqual([`ConfigMap/${d.ns(0)}/old`, `ConfigMap/${d.ns(1)}/inside`, `Namespace//${d.ns(1)}`].sort());
    const notes: string[] = [];
    const removed = await prune(clusterKube(), stale, signal, (m) => notes.push(m));
    expect(removed).toBe(2);
    expect(notes).toContain(`removing ConfigMap ${d.ns(0)}/old`);
    expect(notes).toContain(`deleting namespace ${d.ns(1)} (validators the profile no longer has)`);
    expect(await clusterKube().get('v1', 'Namespace', undefined, d.ns(1))).toBeUndefined();
    expect(await clusterKube().get('v1', 'ConfigMap', d.ns(0), 'old')).toBeUndefined();
    expect(await clusterKube().get('v1', 'ConfigMap', d.ns(0), 'keep')).toBeDefined();
  });
});

async function waitPods(namespace: string, count: number): Promise<void> {
  const k = clusterKube();
  for (let i = 0; i < 300; i++) {
    const pods = (await k.list('v1', 'Pod', { namespace })).items;
    if (pods.length === count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${count} pods in ${namespace}`);
}
