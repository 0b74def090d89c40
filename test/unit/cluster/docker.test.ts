import { describe, expect, test } from 'vitest';
import { containerArgs, containerRunner, dockerInfo, imageArchitectures, type DockerInfo } from '../../../src/cluster/docker.js';
import type { RunOptions, Runner } from '../../../src/contracts/runner.js';
import { architectureCheck } from '../../../src/tasks/preflight.js';
import type { HostProbe } from '../../../src/tasks/preflight.js';
import { loadShipped } from '../../support/profiles.js';

/** A runner that answers from a table, like the docker CLI would, and records what it was asked. */
function scripted(answers: Record<string, { stdout?: string; exitCode?: number }>): Runner & { calls: { args: readonly string[]; options?: RunOptions }[] } {
  const calls: { args: readonly string[]; options?: RunOptions }[] = [];
  const runner = async (_command: string, args: readonly string[], options?: RunOptions) => {
    calls.push({ args, ...(options === undefined ? {} : { options }) });
    const key = Object.keys(answers).find((k) => args.join(' ').startsWith(k));
    const answer = key === undefined ? { exitCode: 1 } : answers[key];
    return { stdout: answer?.stdout ?? '', stderr: '', exitCode: answer?.exitCode ?? 0 };
  };
  return Object.assign(runner, { calls });
}

describe('docker run, as devnet runs a network\'s tools', () => {
  test('a script on stdin through the image\'s /bin/sh, with no network', () => {
    expect(containerArgs({ image: 'linera:1', network: 'none', input: 'echo' })).toEqual(['run', '--rm', '-i', '--network', 'none', '--entrypoint', '/bin/sh', 'linera:1', '-s']);
  });

  test('a command on the host network, with a directory at its own path, written as the calling user', () => {
    expect(containerArgs({ image: 'client:1', network: 'host', command: ['./linera', 'sync'], mounts: ['/home/me/.local/state/devnet/x'] }, '1000:1000')).toEqual([
      'run', '--rm', '-i', '--network', 'host', '--volume', '/home/me/.local/state/devnet/x:/home/me/.local/state/devnet/x', '--user', '1000:1000', 'client:1', './linera', 'sync',
    ]);
  });

  test('no --user without a mount: the image\'s own user keeps its files', () => {
    expect(containerArgs({ image: 'v:1', network: 'none' }, '1000:1000')).not.toContain('--user');
  });

  test('a call cut short (deadline or Ctrl-C) removes its container by name: a client left running would hold the wallet\'s lock', async () => {
    const calls: (readonly string[])[] = [];
    const run: Runner = async (_command, args) => {
      calls.push(args);
      if (args[0] === 'run') throw new Error('timed out after 30000 ms');
      return { stdout: '', stderr: '', exitCode: 0 };
    };
    const container = containerRunner({ run, env: {} });
    await expect(container({ image: 'client:1', network: 'host', command: ['linera', 'transfer'], timeoutMs: 30_000 })).rejects.toThrow('timed out');
    const name = calls[0]?.[calls[0].indexOf('--name') + 1];
    expect(name).toMatch(/^devnet-run-[0-9a-f]{12}$/);
    expect(calls[1]).toEqual(['rm', '--force', name]);
    // An unbounded call (key generation, genesis) is not named: nothing to clean after it.
    expect(containerArgs({ image: 'v:1', network: 'none' })).not.toContain('--name');
  });

  test('the runner passes the input and the caller\'s environment to docker', async () => {
    const run = scripted({ run: { stdout: 'ok' } });
    const container = containerRunner({ run, env: { PATH: '/bin' } });
    const result = await container({ image: 'v:1', network: 'none', input: 'script' });
    expect(result.stdout).toBe('ok');
    expect(run.calls[0]?.options).toMatchObject({ input: 'script', env: { PATH: '/bin' } });
  });
});

describe('image architectures', () => {
  test('a local image answers with its own architecture', async () => {
    const run = scripted({ 'image inspect': { stdout: 'arm64\n' } });
    expect(await imageArchitectures('linera:dev', { run, env: {} })).toEqual(['arm64']);
  });

  test('otherwise the registry\'s manifest list names every platform', async () => {
    const list = [
      { Ref: 'x@sha256:1', Descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { architecture: 'amd64', os: 'linux' } } },
      { Ref: 'x@sha256:2', Descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { architecture: 'arm64', os: 'linux' } } },
      { Ref: 'x@sha256:3', Descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { architecture: 'unknown', os: 'unknown' } } },
    ];
    const run = scripted({ 'image inspect': { exitCode: 1 }, 'manifest inspect --verbose': { stdout: JSON.stringify(list) } });
    expect(await imageArchitectures('linera-client:testnet_conway', { run, env: {} })).toEqual(['amd64', 'arm64']);
  });

  test('a single manifest names its one platform', async () => {
    const single = { Ref: 'x', Descriptor: { platform: { architecture: 'amd64', os: 'linux' } } };
    const run = scripted({ 'image inspect': { exitCode: 1 }, 'manifest inspect --verbose': { stdout: JSON.stringify(single) } });
    expect(await imageArchitectures('linera-validator:testnet_conway', { run, env: {} })).toEqual(['amd64']);
  });

  test('offline, nobody knows', async () => {
    const run = scripted({});
    expect(await imageArchitectures('x', { run, env: {} })).toBeUndefined();
  });
});

describe('docker info, read as kind reads it', () => {
  const daemon = (fields: object) => scripted({ 'info --format': { stdout: JSON.stringify({ ServerVersion: '20.10.24', NCPU: 2, MemTotal: 2 ** 33, Architecture: 'x86_64', ...fields }) } });

  test.each([
    { fields: { CgroupVersion: '2' }, cgroupVersion: 2 },
    { fields: { CgroupVersion: '1' }, cgroupVersion: 1 },
    // Docker before 20.10 had no cgroup v2 support and no CgroupVersion field.
    { fields: {}, cgroupVersion: 1 },
  ])('CgroupVersion $fields.CgroupVersion is cgroup v$cgroupVersion', async ({ fields, cgroupVersion }) => {
    expect((await dockerInfo({ run: daemon(fields), env: {} })).cgroupVersion).toBe(cgroupVersion);
  });

  test('rootless Docker is told by its security options', async () => {
    const rootless = daemon({ SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'] });
    expect((await dockerInfo({ run: rootless, env: {} })).rootless).toBe(true);
    expect((await dockerInfo({ run: daemon({ SecurityOptions: ['name=seccomp,profile=builtin'] }), env: {} })).rootless).toBe(false);
  });
});

describe('the image architecture preflight check', () => {
  const { topology } = loadShipped('linera-production');
  const probe = (archs: Record<string, string[] | undefined>): HostProbe => ({
    docker: async () => info('Ubuntu'),
    kind: () => Promise.reject(new Error('the architecture check does not ask for kind')),
    kindClusters: async () => [],
    sysctl: async () => undefined,
    portFree: async () => true,
    imageArchitectures: async (image) => archs[image.split('/').pop()?.split(':')[0] ?? ''],
    localImage: async () => undefined,
  });
  const info = (os: string): DockerInfo => ({ serverVersion: '28', cpus: 8, memoryBytes: 2 ** 34, os, arch: 'arm64', cgroupVersion: 2, rootless: false });

  test('an amd64-only image on an arm64 node fails, naming the image and what to do', async () => {
    const result = await architectureCheck(topology, info('Ubuntu 24.04'), probe({ linera: ['amd64'], 'linera-exporter': ['amd64', 'arm64'] }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('the kind node runs linux/arm64, but us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release (amd64) is built for another architecture');
    expect(result.detail).toContain('exec format error');
    expect(result.fix).toContain('--load-image');
  });

  test('Docker Desktop emulates it: a warning, not a failure', async () => {
    const result = await architectureCheck(topology, info('Docker Desktop'), probe({ linera: ['amd64'], 'linera-exporter': ['amd64'] }));
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('emulate');
  });

  test('matching images pass; images nobody can inspect are named, not failed', async () => {
    const result = await architectureCheck(topology, info('Ubuntu'), probe({ linera: ['amd64', 'arm64'], 'linera-exporter': undefined }));
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('could not inspect us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera-exporter:testnet_conway');
  });
});
