/**
 * What devnet asks of kind and docker during `up` (both faked; they record their calls): the
 * cluster config kept stable, a change shown as a diff and applied only with --recreate, local
 * images loaded under content-derived tags, and the preflight refusing a busy port.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { parse } from 'yaml';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';

const name = () => `kind-${randomBytes(2).toString('hex')}`;

describe('the kind cluster', () => {
  test('is created once from the rendered config; a config change needs --recreate and shows the difference', async () => {
    const env = devnetEnv();
    const devnet = name();
    const args = ['-p', 'substrate', '--set', `name=${devnet}`, '--validators', '1', '--set', 'substrate.replicas=1', '--skip-preflight', '--no-dashboard'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args.slice(0, 8)]);
    });
    expect((await env.devnet(['up', ...args])).code).toBe(0);
    const create = env.bin.calls('kind').find((c) => c.args[0] === 'create');
    expect(create?.args).toEqual(['create', 'cluster', '--name', devnet, '--config', '-', '--kubeconfig', expect.stringContaining(`clusters/${devnet}/kubeconfig`), '--wait', '0s', '--retain']);
    const config = parse(create?.stdin ?? '') as Json;
    expect(config.nodes[0].image).toMatch(/^kindest\/node:v1\.37\.0@sha256:[0-9a-f]{64}$/);
    expect(config.kubeadmConfigPatches).toBeUndefined();
    expect(config.nodes[0].extraPortMappings).toContainEqual({ containerPort: 30333, hostPort: 30333, listenAddress: '127.0.0.1', protocol: 'TCP' });

    const changed = await env.devnet(['up', ...args, '--set', 'cluster.listenAddress=0.0.0.0']);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain(`The kind cluster ${devnet} has a config kind cannot change in place:`);
    expect(changed.stderr).toContain('-        listenAddress: 127.0.0.1');
    expect(changed.stderr).toContain('+        listenAddress: 0.0.0.0');
    expect(changed.stderr).toContain('hint run devnet up --recreate');
    expect(env.bin.calls('kind').filter((c) => c.args[0] === 'delete')).toEqual([]);

    const recreated = await env.devnet(['up', ...args, '--set', 'cluster.listenAddress=0.0.0.0', '--recreate']);
    expect(recreated.code, recreated.stderr).toBe(0);
    expect(recreated.stderr).toContain(`Cluster: recreated kind cluster ${devnet}`);
    expect(env.bin.calls('kind').map((c) => c.args.slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['delete cluster', 'create cluster']));
  });

  test('on a cgroup v1 Docker host kind gets the kubelet patch, and the next up reuses the cluster without --recreate', async () => {
    // The fake kind fails creation as kind does when the node's kubelet refuses cgroup v1.
    const env = devnetEnv({ FAKE_DOCKER_CGROUP: '1' });
    const devnet = name();
    const args = ['-p', 'substrate', '--set', `name=${devnet}`, '--validators', '1', '--set', 'substrate.replicas=1', '--skip-preflight', '--no-dashboard'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args.slice(0, 8)]);
    });
    const first = await env.devnet(['up', ...args]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("the Docker host uses cgroup v1: the kind config sets the kubelet's failCgroupV1: false (kubeadmConfigPatches)");
    const config = parse(env.bin.calls('kind').find((c) => c.args[0] === 'create')?.stdin ?? '') as Json;
    expect(config.kubeadmConfigPatches).toEqual(['kind: KubeletConfiguration\nfailCgroupV1: false\n']);

    const second = await env.devnet(['up', ...args]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Cluster: reused kind cluster ${devnet}`);
    expect(env.bin.calls('kind').filter((c) => c.args[0] === 'create' || c.args[0] === 'delete')).toHaveLength(1);
  });

  test('--load-image loads a local image under a tag derived from its content and points the pods at it', async () => {
    const env = devnetEnv();
    const devnet = name();
    const args = ['-p', 'substrate', '--set', `name=${devnet}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', 'substrate.image=polkadot:dev'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args]);
    });
    const result = await env.devnet(['up', ...args, '--load-image', 'polkadot:dev', '--skip-preflight', '--no-dashboard']);
    expect(result.code, result.stderr).toBe(0);
    const load = env.bin.calls('kind').find((c) => c.args[0] === 'load');
    expect(load?.args).toEqual(['load', 'docker-image', expect.stringMatching(/^devnet\.local\/polkadot:[0-9a-f]{12}$/), '--name', devnet]);
    const tag = load?.args[2] ?? '';
    expect(env.bin.calls('docker').map((c) => c.args)).toContainEqual(['tag', 'polkadot:dev', tag]);
    const sts = (await Kube.connect({ kubeconfig: inject('kubeconfig') }).get('apps/v1', 'StatefulSet', `${devnet}-val-0`, 'node')) as Json;
    expect(sts.spec.template.spec.containers[0].image).toBe(tag);
    expect(sts.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });
});

describe('preflight', () => {
  test('a host port already in use stops up before anything is created, with the fix', async () => {
    const env = devnetEnv();
    const devnet = name();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(30333, '127.0.0.1', resolve));
    onTestFinished(() => void server.close());
    const result = await env.devnet(['up', '-p', 'substrate', '--set', `name=${devnet}`, '--no-dashboard']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Host ports: 30333/tcp on 127.0.0.1 already in use');
    expect(result.stderr).toContain("fix: find what holds them (ss -ltnup 'sport = :30333')");
    expect(env.bin.calls('kind').filter((c) => c.args[0] === 'create')).toEqual([]);
  });

  test('an unreachable Docker daemon is named with what to do', async () => {
    const env = devnetEnv({ FAKE_DOCKER_FAIL: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' });
    const result = await env.devnet(['up', '-p', 'substrate', '--set', `name=${name()}`, '--no-dashboard']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Docker: The Docker daemon is not reachable.');
    expect(result.stderr).toContain('start Docker (Docker Desktop, or sudo systemctl start docker)');
  });
});
