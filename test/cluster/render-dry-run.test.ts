/**
 * Everything `devnet render` prints for each shipped profile is accepted by a real API server
 * with the real cert-manager and scylla-operator installed from ../shared/fixtures: a server-side
 * dry run of every object (its namespaces created for real, then removed). scylla-operator's
 * webhook configuration is registered and answered by the stand-in, so a ScyllaCluster also
 * passes the operator's admission checks.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { KubeApiError } from '../../src/kube/transport.js';
import type { KubeObject } from '../../src/render/kube-object.js';
import { SHIPPED } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';
import { deleteOperatorWebhooks } from './support/standins/index.js';
import { readyOperators } from './support/standins/with-standins.js';

describe('rendered objects against the real API', () => {
  test.each(SHIPPED)('%s: every object passes a server-side dry run', { timeout: 180_000 }, async (profile) => {
    const kube = Kube.connect({ kubeconfig: inject('kubeconfig') });
    await deleteOperatorWebhooks(inject('kubeconfig'));
    await readyOperators({ cert: false });
    kube.discovery.reset();
    const name = `dry-${randomBytes(3).toString('hex')}`;
    const rendered = await runCli(['render', '-p', profile, '--set', `name=${name}`, '-o', 'json', '--no-kind-config']);
    expect(rendered.code, rendered.stderr).toBe(0);
    const objects = (JSON.parse(rendered.stdout) as { items: KubeObject[] }).items;
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    onTestFinished(async () => {
      for (const ns of namespaces) await kube.delete('v1', 'Namespace', undefined, ns.metadata.name);
    });
    for (const ns of namespaces) await kube.apply(ns);
    const rejected: string[] = [];
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      try {
        await kube.apply(object, { dryRun: true });
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        rejected.push(`${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}: ${error.apiMessage}`);
      }
    }
    expect(rejected).toEqual([]);
    expect(objects.length).toBeGreaterThan(10);
  });

  test('the stand-in webhook rejects a ScyllaCluster without CPU and memory limits, as the operator does', async () => {
    const kube = Kube.connect({ kubeconfig: inject('kubeconfig') });
    await deleteOperatorWebhooks(inject('kubeconfig'));
    await readyOperators({ cert: false });
    kube.discovery.reset();
    const rendered = await runCli(['render', '--set', `name=dry-${randomBytes(3).toString('hex')}`, '-o', 'json', '--no-kind-config']);
    const objects = (JSON.parse(rendered.stdout) as { items: KubeObject[] }).items;
    const scylla = objects.find((o) => o.kind === 'ScyllaCluster') as KubeObject & { spec: { datacenter: { racks: { resources: object }[] } } };
    const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === scylla.metadata.namespace);
    if (namespace === undefined) throw new Error('no namespace for the ScyllaCluster');
    await kube.apply(namespace);
    onTestFinished(async () => {
      await kube.delete('v1', 'Namespace', undefined, namespace.metadata.name);
    });
    const rack = scylla.spec.datacenter.racks[0];
    if (rack !== undefined) rack.resources = { requests: { cpu: '10m', memory: '100Mi' } };
    await expect(kube.apply(scylla, { dryRun: true })).rejects.toThrow(/limits/);
  });
});
