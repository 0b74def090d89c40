/**
 * The endpoints devnet prints are ones the user can reach: on kind, the host ports kind maps; on
 * an existing cluster (--context), where nothing maps host ports, a node's address (read from the
 * API server) and the NodePort.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { nodeAddress } from '../../src/tasks/reach.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { clusterKubeConfig, freshNamespace } from './support/kube.js';
import { installCrds } from './support/manifests.js';
import { UPSTREAM } from '../support/upstream.js';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { stringify } from 'yaml';

const kubeconfig = inject('kubeconfig');
const context = (readFileSync(kubeconfig, 'utf8').match(/current-context: (\S+)/) ?? [])[1] ?? '';

// status reads ScyllaClusters; on its own, this file cannot count on another having installed them.
beforeAll(() => installCrds(clusterKubeConfig(), [UPSTREAM.scyllaOperator]));

describe('endpoints devnet status prints', () => {
  test('--context: the node address from the API server and each validator\'s NodePort', async () => {
    const env = devnetEnv();
    const node = nodeAddress((await Kube.connect({ kubeconfig }).list('v1', 'Node')).items);
    expect(node).toBeDefined();
    const args = ['status', '-p', 'linera', '--set', `name=rc-${randomBytes(2).toString('hex')}`, '--context', context, '--kubeconfig', kubeconfig];
    const json = await env.devnet([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([[`${node}:30100`], [`${node}:30101`], [`${node}:30102`]]);
    const table = await env.devnet(args);
    expect(table.stdout).toMatch(new RegExp(`validator-1 +proxy .*${node?.replaceAll('.', '\\.')}:30101`));
    expect(table.stdout).not.toContain(':1910');
  });

  test('on kind: the host ports kind maps', async () => {
    const env = devnetEnv();
    const name = `rk-${randomBytes(2).toString('hex')}`;
    writeFileSync(join(env.home, 'kind-clusters.json'), JSON.stringify([name])); // the fake kind's cluster, as `up` leaves it
    const json = await env.devnet(['status', '-p', 'linera', '--set', `name=${name}`, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([['localhost:19100'], ['localhost:19101'], ['localhost:19102']]);
  });

  test('--context with a user who may read the devnet but not the cluster\'s Nodes: the NodePorts, at a placeholder, not an error', async () => {
    const env = devnetEnv();
    const kc = clusterKubeConfig();
    const ns = await freshNamespace(kc, 'reader');
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const role = `devnet-reader-${ns}`;
    await objects.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: ns } });
    await objects.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role },
      // What status reads, and no Nodes.
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'pods', 'pods/log', 'services', 'configmaps', 'events', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps', 'batch', 'scylla.scylladb.com'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
      ],
    } as never);
    await objects.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }] } as never);
    onTestFinished(async () => {
      await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role } }).catch(() => {});
      await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role } }).catch(() => {});
    });
    const token = (await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: 'reader', namespace: ns, body: { spec: { expirationSeconds: 600 } } })).status?.token;
    const cluster = kc.getCurrentCluster();
    const limited = join(env.home, 'reader.kubeconfig');
    writeFileSync(limited, stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'reader',
      clusters: [{ name: 'cp', cluster: { server: cluster?.server, 'certificate-authority-data': cluster?.caData ?? readFileSync(cluster?.caFile ?? '').toString('base64') } }],
      users: [{ name: 'reader', user: { token } }],
      contexts: [{ name: 'reader', context: { cluster: 'cp', user: 'reader' } }],
    }));
    const nodes = await Kube.connect({ kubeconfig: limited }).list('v1', 'Node').then(() => 'listed', (error: Error) => error.message);
    expect(nodes).toContain('forbidden');

    const json = await env.devnet(['status', '-p', 'linera', '--set', `name=rr-${randomBytes(2).toString('hex')}`, '--context', 'reader', '--kubeconfig', limited, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([['<node address>:30100'], ['<node address>:30101'], ['<node address>:30102']]);

    // up says, as soon as it reaches the cluster and before any genesis, that a wallet could not use
    // this committee; then this user's lack of rights ends it.
    const up = await env.devnet(['up', '-p', 'linera', '--set', `name=rr-${randomBytes(2).toString('hex')}`, '--context', 'reader', '--kubeconfig', limited, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(5);
    expect(up.stderr).toContain('the committee advertises localhost:19100, localhost:19101, localhost:19102; an existing cluster maps no host ports');
    expect(up.stderr).toContain('--set linera.exposure.host=<node address> --set linera.exposure.hostPortBase=30100');
    expect(env.bin.calls('docker')).toEqual([]);
  });
});

