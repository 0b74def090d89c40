/**
 * The endpoints devnet prints are ones the user can reach: on kind, the host ports kind maps; on
 * an existing cluster (--context), where nothing maps host ports, a node's address (read from the
 * API server) and the NodePort.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { nodeAddress } from '../../src/tasks/reach.js';
import type { Json } from '../support/objects.js';
import { claimedDevnet } from './support/claimed-devnet.js';
import { devnetEnv } from './support/devnet-env.js';
import { clusterKubeConfig, currentContext } from './support/kube.js';
import { limitedKubeconfig, STATUS_READER } from './support/limited-user.js';
import { installCrds } from './support/manifests.js';
import { UPSTREAM } from '../support/upstream.js';
import { unique } from '../support/names.js';

const kubeconfig = inject('kubeconfig');
const context = currentContext(kubeconfig);

// status reads ScyllaClusters; on its own, this file cannot count on another having installed them.
beforeAll(() => installCrds(clusterKubeConfig(), [UPSTREAM.scyllaOperator]));

describe('endpoints devnet status prints', () => {
  test('--context: the node address from the API server and each validator\'s NodePort', async () => {
    const env = devnetEnv();
    const node = nodeAddress((await Kube.connect({ kubeconfig }).list('v1', 'Node')).items);
    expect(node).toBeDefined();
    const name = unique('rc');
    await claimedDevnet(name, 'linera', { provider: 'existing', name: context }, 'profiles/linera.yaml');
    const args = ['status', '-p', 'linera', '--set', `name=${name}`, '--context', context, '--kubeconfig', kubeconfig];
    const json = await env.devnet([...args, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([[`${node}:30100`], [`${node}:30101`], [`${node}:30102`]]);
    const table = await env.devnet(args);
    expect(table.stdout).toMatch(new RegExp(`validator-1 +proxy .*${node?.replaceAll('.', '\\.')}:30101`));
    expect(table.stdout).not.toContain(':1910');
  });

  test('on kind: the host ports kind maps', async () => {
    const env = devnetEnv();
    const name = unique('rk');
    writeFileSync(join(env.home, 'kind-clusters.json'), JSON.stringify([name])); // the fake kind's cluster, as `up` leaves it
    await claimedDevnet(name, 'linera', { provider: 'kind', name }, 'profiles/linera.yaml');
    const json = await env.devnet(['status', '-p', 'linera', '--set', `name=${name}`, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([['localhost:19100'], ['localhost:19101'], ['localhost:19102']]);
  });

  test('--context with a user who may read the devnet but not the cluster\'s Nodes: the NodePorts, at a placeholder, not an error', async () => {
    const env = devnetEnv();
    const limited = await limitedKubeconfig(env.home, STATUS_READER);
    const nodes = await Kube.connect({ kubeconfig: limited }).list('v1', 'Node').then(() => 'listed', (error: Error) => error.message);
    expect(nodes).toContain('forbidden');

    const reader = unique('rr');
    await claimedDevnet(reader, 'linera', { provider: 'existing', name: 'reader' }, 'profiles/linera.yaml');
    const json = await env.devnet(['status', '-p', 'linera', '--set', `name=${reader}`, '--context', 'reader', '--kubeconfig', limited, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as Json;
    expect(view.validators.filter((v: Json) => v.index !== null).map((v: Json) => v.endpoints)).toEqual([['<node address>:30100'], ['<node address>:30101'], ['<node address>:30102']]);

    // up says, as soon as it reaches the cluster and before any genesis, that a wallet could not use
    // this committee; then this user's lack of rights ends it.
    const up = await env.devnet(['up', '-p', 'linera', '--set', `name=${unique('rr')}`, '--context', 'reader', '--kubeconfig', limited, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(5);
    expect(up.stderr).toContain('the committee advertises localhost:19100, localhost:19101, localhost:19102; an existing cluster maps no host ports');
    expect(up.stderr).toContain('--set linera.exposure.host=<node address> --set linera.exposure.hostPortBase=30100');
    expect(env.bin.calls('docker')).toEqual([]);
  });
});

