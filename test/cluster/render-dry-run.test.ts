/**
 * Everything `devnet render` prints for each shipped profile is accepted by a real API server
 * with the real cert-manager and scylla-operator installed from test/fixtures/upstream, and the
 * Gateway API and Prometheus operator CRDs for the optional exposure and ServiceMonitors: a
 * server-side dry run of every object (its namespaces created for real, then removed).
 * scylla-operator's webhook configuration is registered and answered by the stand-in, so a
 * ScyllaCluster also passes the operator's admission checks.
 */
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { KubeApiError } from '../../src/kube/transport.js';
import type { KubeObject } from '../../src/render/kube-object.js';
import { SHIPPED } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';
import { UPSTREAM } from '../support/upstream.js';
import { clusterKube, clusterKubeConfig } from './support/kube.js';
import { installCrds } from './support/manifests.js';
import { deleteOperatorWebhooks } from './support/standins/index.js';
import { readyOperators } from './support/standins/with-standins.js';
import { unique } from '../support/names.js';

/** Renders a profile and dry-runs every object; returns the kinds rendered and what was refused. */
async function dryRun(profile: string, sets: string[]): Promise<{ kinds: string[]; rejected: string[] }> {
  const kube = clusterKube();
  await deleteOperatorWebhooks(inject('kubeconfig'));
  await readyOperators({ cert: false });
  await installCrds(clusterKubeConfig(), [UPSTREAM.gatewayCrd, UPSTREAM.grpcRouteCrd, UPSTREAM.serviceMonitorCrd]);
  kube.discovery.reset();
  const name = unique('dry');
  const rendered = await runCli(['render', '-p', profile, '--set', `name=${name}`, ...sets.flatMap((s) => ['--set', s]), '-o', 'json', '--no-kind-config']);
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
  return { kinds: objects.map((o) => o.kind), rejected };
}

const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;

describe('rendered objects against the real API', () => {
  test.each(SHIPPED)('%s: every object passes a server-side dry run', { timeout: 180_000 }, async (profile) => {
    const { kinds, rejected } = await dryRun(profile, []);
    expect(rejected).toEqual([]);
    expect(kinds.length).toBeGreaterThan(10);
  });

  test('a Gateway, a GRPCRoute and ServiceMonitors (Gateway API v1.6.1, prometheus-operator v0.93.0) pass as well', { timeout: 180_000 }, async () => {
    const { kinds, rejected } = await dryRun('linera-production', ['linera.exposure.gateway.enabled=true', 'linera.serviceMonitor.enabled=true', 'linera.serviceMonitor.interval=1m30s']);
    expect(rejected).toEqual([]);
    // 2 validators: a Gateway and a GRPCRoute each; ServiceMonitors for shards, proxy and exporter.
    expect([count(kinds, 'Gateway'), count(kinds, 'GRPCRoute'), count(kinds, 'ServiceMonitor')]).toEqual([2, 2, 6]);
  });

  test('the gRPC Ingress with its cert-manager Issuer and Certificate passes as well', { timeout: 180_000 }, async () => {
    const { kinds, rejected } = await dryRun('linera', ['linera.exposure.ingress.enabled=true']);
    expect(rejected).toEqual([]);
    expect([count(kinds, 'Issuer'), count(kinds, 'Certificate'), count(kinds, 'Ingress')]).toEqual([3, 3, 3]);
  });

  test('the stand-in webhook rejects a ScyllaCluster without CPU and memory limits, as the operator does', async () => {
    const kube = clusterKube();
    await deleteOperatorWebhooks(inject('kubeconfig'));
    await readyOperators({ cert: false });
    kube.discovery.reset();
    const rendered = await runCli(['render', '--set', `name=${unique('dry')}`, '-o', 'json', '--no-kind-config']);
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
