import { afterEach, describe, expect, test } from 'vitest';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import { runCli } from '../support/run-cli.js';

let bins: FakeBin[] = [];
afterEach(() => {
  for (const bin of bins) bin.cleanup();
  bins = [];
});
const fakes = (env: Record<string, string> = {}) => {
  const bin = fakeBin(['docker', 'kind'], env);
  bins.push(bin);
  return bin.env;
};

describe('devnet doctor', () => {
  test('lists each check; a healthy machine exits 0', async () => {
    const { code, stdout } = await runCli(['doctor', '-p', 'substrate', '--set', 'cluster.listenAddress=127.0.0.1'], { env: fakes() });
    expect(stdout).toMatch(/✔ Docker\s+Docker 28\.2\.2: 8 CPUs, 16\.0 GiB/);
    expect(stdout).toMatch(/✔ cgroups\s+cgroup v2/);
    expect(stdout).toMatch(/✔ kind\s+kind 0\.33\.0 on PATH \(\/.+\/kind\)/);
    // Substrate needs no operators: kind alone is counted beside its pods.
    expect(stdout).toMatch(/✔ CPU and memory\s+needs 1 CPU and 2\.0 GiB; Docker has 8 CPUs and 16\.0 GiB/);
    expect(stdout).toMatch(/inotify limits/);
    expect(code).toBe(0);
  });

  test('too little memory for the profile fails with the fix, exit 3', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', '-p', 'linera-production'], { env: fakes({ FAKE_DOCKER_MEMORY: String(4 * 2 ** 30), FAKE_DOCKER_CPUS: '2' }) });
    expect(code).toBe(3);
    expect(stdout).toMatch(/✖ CPU and memory\s+the devnet reserves 3 CPU and 6\.8 GiB with kind and its operators; Docker has 2 CPUs and 4\.0 GiB/);
    expect(stdout).toContain('fix give Docker more CPU/memory');
    expect(stderr).toContain('1 check failed.');
    expect(stderr).toContain('hint apply the fixes above and run devnet doctor -p linera-production again');
  });

  test('a cgroup v1 Docker host is a warning that says what devnet does about it, not a failure', async () => {
    const { code, stdout } = await runCli(['doctor', '-p', 'substrate', '--set', 'cluster.listenAddress=127.0.0.1'], { env: fakes({ FAKE_DOCKER_CGROUP: '1' }) });
    expect(stdout).toMatch(/! cgroups\s+cgroup v1: devnet sets the kubelet's failCgroupV1: false in the kind config, as Kubernetes 1\.35 and later refuse cgroup v1 otherwise/);
    expect(stdout).toContain('fix move the host to cgroup v2 when you can');
    expect(code).toBe(0);
  });

  test('rootless Docker on cgroup v1 fails: kind refuses it', async () => {
    const { code, stdout } = await runCli(['doctor', '-p', 'substrate'], { env: fakes({ FAKE_DOCKER_CGROUP: '1', FAKE_DOCKER_ROOTLESS: '1' }) });
    expect(code).toBe(3);
    expect(stdout).toMatch(/✖ cgroups\s+rootless Docker on a cgroup v1 host: kind refuses it/);
  });

  test('an image built for another CPU than the kind node\'s is caught before any pod fails with exec format error', async () => {
    const { code, stdout } = await runCli(['doctor', '-p', 'linera'], { env: fakes({ FAKE_DOCKER_ARCH: 'aarch64', FAKE_DOCKER_IMAGE_ARCH: 'amd64', FAKE_DOCKER_OS: 'Ubuntu 24.04 LTS' }) });
    expect(code).toBe(3);
    expect(stdout).toMatch(/✖ Image architecture\s+the kind node runs linux\/arm64, but us-docker\.pkg\.dev\/linera-io-dev\/linera-public-registry\/linera:testnet_conway_release \(amd64\) is built for another architecture/);
    expect(stdout).toContain('fix use images built for linux/arm64');
  });

  test('-o json prints the checks as data', async () => {
    const { stdout } = await runCli(['doctor', '-o', 'json'], { env: fakes() });
    const { checks } = JSON.parse(stdout) as { checks: { name: string; status: string }[] };
    expect(checks.map((c) => c.name)).toEqual(['Docker', 'cgroups', 'kind', 'CPU and memory', 'Image architecture', 'Host ports', 'inotify limits', 'fs.aio-max-nr']);
  });
});
