/**
 * What devnet gives kind during `up` (kind and docker are fakes here): the cluster config it
 * creates the cluster from, a change shown as a diff and refused, and the preflight refusing a busy
 * port. --recreate and --load-image run against real kind in the kind tier (test/kind/linera.test.ts),
 * which sees the cluster replaced and the loaded images run; here they could only count the fake's calls.
 */
import { createServer } from 'node:net';
import { parse } from 'yaml';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { unique } from '../support/names.js';
import { expectSucceeded } from '../support/succeeded.js';

const name = () => unique('kind');

describe('the kind cluster', () => {
  test('is created from the rendered config; a change kind cannot apply in place is shown as a diff and refused, leaving the devnet running', async () => {
    const env = devnetEnv();
    const devnet = name();
    const args = ['-p', 'substrate', '--set', `name=${devnet}`, '--validators', '1', '--set', 'substrate.replicas=1', '--skip-preflight', '--no-dashboard'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args.slice(0, 8)]);
    });
    expectSucceeded(await env.devnet(['up', ...args]));
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
    // Refused means untouched: the devnet still runs in the cluster it had.
    const status = await env.devnet(['status', ...args.slice(0, 8)]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('node-0');
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
