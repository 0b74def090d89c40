/**
 * The preflight checks (devnet doctor, and the first step of up), one row per machine situation.
 * The host probe is the boundary: it answers as a machine would (Docker's numbers, kind's version,
 * /proc/sys values, which ports are taken) and the checks decide what to say about it.
 */
import { describe, expect, test } from 'vitest';
import type { DockerInfo } from '../../../src/cluster/docker.js';
import type { KindLookup } from '../../../src/cluster/kind-binary.js';
import { KIND_RELEASE } from '../../../src/cluster/kind-release.js';
import { EnvironmentError } from '../../../src/errors/index.js';
import type { Topology } from '../../../src/networks/topology.js';
import { preflight, type CheckResult, type HostProbe } from '../../../src/tasks/preflight.js';
import { loadShipped, ROOT } from '../../support/profiles.js';

const GiB = 2 ** 30;
const RELEASE = 'https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64';

/** A linux/amd64 machine with neither kind on PATH nor devnet's copy; rows change what they need. */
const kindHere: KindLookup = {
  release: KIND_RELEASE,
  platform: 'linux-amd64',
  onPath: undefined,
  cache: { path: '/home/dev/.local/state/devnet/bin/kind-v0.33.0', state: 'absent' },
  sha256: KIND_RELEASE.sha256['linux-amd64'],
  url: RELEASE,
  officialUrl: RELEASE,
  mirrorProblem: undefined,
};

interface Machine {
  docker?: DockerInfo | Error;
  /** Architectures each image is published for; [amd64, arm64] for any image not named. */
  images?: Record<string, string[] | undefined>;
  kind?: Partial<KindLookup> | Error;
  clusters?: string[];
  sysctl?: Record<string, number>;
  takenPorts?: number[];
  /** Images the local Docker has, by name; devnet's storage server image by default. */
  local?: string[];
}

const healthy: Required<Machine> = {
  docker: { serverVersion: '28.2.2', cpus: 8, memoryBytes: 16 * GiB, os: 'Ubuntu 24.04', arch: 'amd64', cgroupVersion: 2, rootless: false },
  images: {},
  kind: { onPath: { path: '/usr/local/bin/kind', version: '0.33.0' } },
  clusters: [],
  sysctl: { 'fs.inotify.max_user_watches': 524288, 'fs.inotify.max_user_instances': 512, 'fs.aio-max-nr': 1048576 },
  takenPorts: [],
  local: ['devnet.local/linera-storage-server:0.15.23'],
};

function probe(machine: Machine): HostProbe & { portsAsked: number[] } {
  const m = { ...healthy, ...machine };
  const portsAsked: number[] = [];
  const answer = async <T>(value: T | Error): Promise<T> => {
    if (value instanceof Error) throw value;
    return value;
  };
  return {
    portsAsked,
    docker: () => answer(m.docker),
    kind: async () => ({ ...kindHere, ...(await answer(m.kind)) }),
    kindClusters: async () => m.clusters,
    sysctl: async (name) => m.sysctl[name],
    imageArchitectures: async (image) => (image in m.images ? m.images[image] : m.local.includes(image) || !image.startsWith('devnet.local/') ? ['amd64', 'arm64'] : undefined),
    localImage: async (image) => (m.local.includes(image) ? `sha256:${image.length}` : undefined),
    portFree: async (_address, port) => {
      portsAsked.push(port);
      return !m.takenPorts.includes(port);
    },
  };
}

const byName = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.name, r]));
const linera = (sets: string[] = []) => loadShipped('linera', sets).topology;
const substrate = (sets: string[] = []) => loadShipped('substrate', sets).topology;
const light = (sets: string[] = []) => loadShipped('linera-light', sets).topology;

describe('preflight', () => {
  const rows: { name: string; topology: () => Topology; machine: Machine; check: string; expected: Partial<Record<keyof CheckResult, unknown>> }[] = [
    { name: 'Docker answers', topology: substrate, machine: {}, check: 'Docker', expected: { status: 'ok', detail: 'Docker 28.2.2: 8 CPUs, 16.0 GiB' } },
    {
      name: 'Docker does not answer: its own message and fix',
      topology: substrate,
      machine: { docker: new EnvironmentError('The Docker daemon is not reachable.', { hint: 'start Docker' }) },
      check: 'Docker',
      expected: { status: 'fail', detail: 'The Docker daemon is not reachable.', fix: 'start Docker' },
    },
    { name: 'the pinned kind on PATH', topology: substrate, machine: {}, check: 'kind', expected: { status: 'ok', detail: 'kind 0.33.0 on PATH (/usr/local/bin/kind)' } },
    {
      name: 'no kind: up will download the pinned one, and says from where and to where',
      topology: substrate,
      machine: { kind: {} },
      check: 'kind',
      expected: { status: 'ok', detail: `kind is not on PATH: devnet up downloads kind 0.33.0 for linux-amd64 from ${RELEASE}, checks its sha256 and keeps it in /home/dev/.local/state/devnet/bin/kind-v0.33.0` },
    },
    {
      name: 'another kind on PATH and devnet\'s copy: the copy is used, the other named',
      topology: substrate,
      machine: { kind: { onPath: { path: '/usr/bin/kind', version: '0.31.0' }, cache: { ...kindHere.cache, state: 'verified' } } },
      check: 'kind',
      expected: { status: 'ok', detail: 'kind 0.33.0 downloaded by devnet (/home/dev/.local/state/devnet/bin/kind-v0.33.0); kind 0.31.0 on PATH (/usr/bin/kind) is not used' },
    },
    {
      name: 'a copy that no longer matches its digest is downloaded again',
      topology: substrate,
      machine: { kind: { cache: { ...kindHere.cache, state: 'mismatch' } } },
      check: 'kind',
      expected: { status: 'ok', detail: expect.stringContaining('(the copy there does not match the pinned sha256 and will be replaced)') },
    },
    {
      name: 'a platform devnet has no digest for: install it yourself, from the release URL',
      topology: substrate,
      machine: { kind: { onPath: { path: '/usr/bin/kind', version: '0.29.0' }, sha256: undefined } },
      check: 'kind',
      expected: { status: 'fail', detail: 'kind 0.29.0 on PATH (/usr/bin/kind), not kind 0.33.0, and devnet knows no sha256 of kind v0.33.0 for linux-amd64 to download it', fix: `install kind v0.33.0 and put it on PATH: ${RELEASE}` },
    },
    {
      name: 'a mirror that is not a URL',
      topology: substrate,
      machine: { kind: { url: undefined, mirrorProblem: { problem: 'DEVNET_KIND_MIRROR is "mirror.local", which is not an http(s) URL', fix: 'set it to …' } } },
      check: 'kind',
      expected: { status: 'fail', detail: 'kind is not on PATH, and DEVNET_KIND_MIRROR is "mirror.local", which is not an http(s) URL' },
    },
    { name: 'a cgroup v2 host', topology: substrate, machine: {}, check: 'cgroups', expected: { status: 'ok', detail: 'cgroup v2' } },
    {
      name: 'a cgroup v1 host: a warning that says what devnet does about it',
      topology: substrate,
      machine: { docker: { ...healthy.docker, cgroupVersion: 1 } as DockerInfo },
      check: 'cgroups',
      expected: { status: 'warn', detail: expect.stringContaining("cgroup v1: devnet sets the kubelet's failCgroupV1: false in the kind config") },
    },
    {
      name: 'rootless Docker on cgroup v1: kind refuses it',
      topology: substrate,
      machine: { docker: { ...healthy.docker, cgroupVersion: 1, rootless: true } as DockerInfo },
      check: 'cgroups',
      expected: { status: 'fail', detail: 'rootless Docker on a cgroup v1 host: kind refuses it' },
    },
    { name: 'enough CPU and memory', topology: linera, machine: {}, check: 'CPU and memory', expected: { status: 'ok', detail: 'needs 2 CPU and 4.4 GiB; Docker has 8 CPUs and 16.0 GiB' } },
    {
      name: 'too little memory for the profile',
      topology: linera,
      machine: { docker: { ...healthy.docker, memoryBytes: 4 * GiB } },
      check: 'CPU and memory',
      expected: { status: 'fail', detail: 'the devnet reserves 2 CPU and 4.4 GiB with kind and its operators; Docker has 8 CPUs and 4.0 GiB' },
    },
    { name: 'too few CPUs', topology: linera, machine: { docker: { ...healthy.docker, cpus: 1 } }, check: 'CPU and memory', expected: { status: 'fail' } },
    { name: 'every image built for the node\'s architecture', topology: substrate, machine: {}, check: 'Image architecture', expected: { status: 'ok', detail: '1 image built for linux/amd64' } },
    {
      name: 'an image for another architecture on Linux: its pods would not start',
      topology: substrate,
      machine: { images: { 'docker.io/parity/polkadot:stable2509': ['arm64'] } },
      check: 'Image architecture',
      expected: { status: 'fail', detail: 'the kind node runs linux/amd64, but docker.io/parity/polkadot:stable2509 (arm64) is built for another architecture: its pods would fail with "exec format error"' },
    },
    {
      name: 'an image for another architecture on Docker Desktop: emulated, a warning',
      topology: substrate,
      machine: { docker: { ...healthy.docker, os: 'Docker Desktop' } as DockerInfo, images: { 'docker.io/parity/polkadot:stable2509': ['arm64'] } },
      check: 'Image architecture',
      expected: { status: 'warn' },
    },
    {
      name: 'no image could be inspected (offline): skipped with why, neither passed nor failed',
      topology: substrate,
      machine: { images: { 'docker.io/parity/polkadot:stable2509': undefined } },
      check: 'Image architecture',
      expected: { status: 'skip', detail: 'could not inspect docker.io/parity/polkadot:stable2509 (offline or private registry?)' },
    },
    { name: 'no Docker: CPU and memory skipped with why, not left out', topology: linera, machine: { docker: new Error('no daemon') }, check: 'CPU and memory', expected: { status: 'skip', detail: 'Docker did not answer (see above), so its CPUs and memory are unknown' } },
    { name: 'no Docker: image architecture skipped with why', topology: linera, machine: { docker: new Error('no daemon') }, check: 'Image architecture', expected: { status: 'skip' } },
    { name: 'no Docker: cgroups skipped with why', topology: substrate, machine: { docker: new Error('no daemon') }, check: 'cgroups', expected: { status: 'skip', detail: "Docker did not answer (see above), so the kind node's cgroup version is unknown" } },
    {
      name: 'no Docker: local images skipped with why, not reported present or missing',
      topology: light,
      machine: { docker: new Error('no daemon') },
      check: 'Local images',
      expected: { status: 'skip', detail: 'Docker did not answer (see above), so whether it has devnet.local/linera-storage-server:0.15.23 is unknown' },
    },
    { name: 'host ports free', topology: substrate, machine: {}, check: 'Host ports', expected: { status: 'ok', detail: '16 ports free on 127.0.0.1' } },
    {
      name: 'host ports taken: each named, and how to find the holder',
      topology: substrate,
      machine: { takenPorts: [30333, 30335] },
      check: 'Host ports',
      expected: { status: 'fail', detail: '30333/tcp, 30335/tcp on 127.0.0.1 already in use', fix: "find what holds them (ss -ltnup 'sport = :30333') and stop it, or move the range (e.g. --set linera.exposure.hostPortBase=...)" },
    },
    { name: 'inotify limits high enough', topology: substrate, machine: {}, check: 'inotify limits', expected: { status: 'ok', detail: 'max_user_watches 524288, max_user_instances 512' } },
    {
      name: 'inotify limits too low: a warning with the sysctl',
      topology: substrate,
      machine: { sysctl: { 'fs.inotify.max_user_watches': 8192, 'fs.inotify.max_user_instances': 128 } },
      check: 'inotify limits',
      expected: { status: 'warn', fix: 'sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512' },
    },
    { name: 'no /proc/sys (macOS)', topology: linera, machine: { sysctl: {} }, check: 'inotify limits', expected: { status: 'skip', detail: 'not a Linux host (no /proc/sys); Docker Desktop manages them' } },
    { name: 'fs.aio-max-nr enough for ScyllaDB', topology: linera, machine: {}, check: 'fs.aio-max-nr', expected: { status: 'ok', detail: '1048576, enough for 1 ScyllaDB shard (~11026)' } },
    {
      name: 'fs.aio-max-nr too low for ScyllaDB',
      topology: () => linera(['linera.storage.layout=per-validator']),
      machine: { sysctl: { ...healthy.sysctl, 'fs.aio-max-nr': 30000 } },
      check: 'fs.aio-max-nr',
      expected: { status: 'warn', detail: '30000, below the ~33078 that 3 ScyllaDB shards need; ScyllaDB fails with "Could not setup Async I/O"' },
    },
    { name: 'the storage server image is in Docker', topology: light, machine: {}, check: 'Local images', expected: { status: 'ok', detail: 'devnet.local/linera-storage-server:0.15.23 present in Docker' } },
    {
      name: 'the storage server image is not: the command that builds it, from the checkout',
      topology: light,
      machine: { local: [] },
      check: 'Local images',
      expected: {
        status: 'fail',
        detail: 'Docker lacks devnet.local/linera-storage-server:0.15.23 (for storage): built on this machine, never pulled',
        fix: 'docker build -t devnet.local/linera-storage-server:0.15.23 docker/linera-storage-server',
      },
    },
    {
      name: 'a missing local image is not mistaken for an offline registry',
      topology: light,
      machine: { local: [] },
      check: 'Image architecture',
      expected: { status: 'ok', detail: '1 image built for linux/amd64' },
    },
    {
      name: 'only a missing local image, no registry image: skipped, pointing at Local images',
      topology: () => substrate(['substrate.image=devnet.local/polkadot:dev']),
      machine: { local: [] },
      check: 'Image architecture',
      expected: { status: 'skip', detail: 'Docker lacks devnet.local/polkadot:dev (see Local images)' },
    },
    { name: 'without ScyllaDB\'s operators only kind is counted beside the pods', topology: light, machine: {}, check: 'CPU and memory', expected: { status: 'ok', detail: 'needs 1.05 CPU and 2.1 GiB; Docker has 8 CPUs and 16.0 GiB' } },
  ];

  test.each(rows)('$name', async ({ topology, machine, check, expected }) => {
    const results = byName(await preflight(topology(), probe(machine), ROOT));
    expect(results[check]).toMatchObject({ name: check, ...expected });
  });

  // Checks that do not apply are left out, not reported as passed.
  const absent: { name: string; topology: () => Topology; machine: Machine; check: string }[] = [
    { name: 'an existing cluster needs no kind', topology: () => substrate(['cluster.provider=existing']), machine: { kind: new Error('not installed') }, check: 'kind' },
    { name: 'an existing cluster\'s nodes are not Docker\'s', topology: () => substrate(['cluster.provider=existing']), machine: { docker: { ...healthy.docker, cgroupVersion: 1 } as DockerInfo }, check: 'cgroups' },
    { name: 'the kind cluster exists already: its ports are its own', topology: substrate, machine: { clusters: ['substrate'], takenPorts: [30333] }, check: 'Host ports' },
    { name: 'an existing cluster maps no host ports', topology: () => substrate(['cluster.provider=existing']), machine: {}, check: 'Host ports' },
    { name: 'no ScyllaDB, no AIO check', topology: substrate, machine: { sysctl: { ...healthy.sysctl, 'fs.aio-max-nr': 1 } }, check: 'fs.aio-max-nr' },
    { name: 'the storage server needs no AIO slots', topology: light, machine: { sysctl: { ...healthy.sysctl, 'fs.aio-max-nr': 1 } }, check: 'fs.aio-max-nr' },
    { name: 'ScyllaDB profiles use no local image', topology: linera, machine: { local: [] }, check: 'Local images' },
  ];

  test.each(absent)('$name', async ({ topology, machine, check }) => {
    const results = await preflight(topology(), probe(machine), ROOT);
    expect(results.map((r) => r.name)).not.toContain(check);
    expect(results.length).toBeGreaterThanOrEqual(3);
  });

  test('every reserved host port is probed, on the profile\'s listen address', async () => {
    const topology = substrate(['cluster.listenAddress=0.0.0.0']);
    const machine = probe({});
    const results = byName(await preflight(topology, machine, ROOT));
    expect(machine.portsAsked).toEqual(topology.cluster.reserved.map((e) => e.hostPort));
    expect(results['Host ports']?.detail).toBe(`${topology.cluster.reserved.length} ports free on 0.0.0.0`);
  });
});
