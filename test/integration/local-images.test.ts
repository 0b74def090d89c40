/**
 * `devnet up -p linera-light` on a machine whose Docker lacks the storage server image: refused
 * before any cluster is created or touched, with the one command that builds the image. `docker`
 * and `kind` are the fakes; the fake docker answers `image inspect` from its own image store
 * (FAKE_DOCKER_IMAGES) with the words the real one uses.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import { freePortRange } from '../support/ports.js';
import { ROOT } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';

const IMAGE = 'devnet.local/linera-storage-server:0.15.23';
const BUILD = `docker build -t ${IMAGE} docker/linera-storage-server`;
const CLIENT = 'us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function machine(images: string[]): { bin: FakeBin; env: Record<string, string>; state: string } {
  const state = mkdtempSync(join(tmpdir(), 'devnet-state-'));
  const bin = fakeBin(['docker', 'kind'], { FAKE_DOCKER_IMAGES: images.join(','), FAKE_KIND_STATE: join(state, 'kind.json') });
  cleanups.push(() => bin.cleanup(), () => rmSync(state, { recursive: true, force: true }));
  return { bin, state, env: { ...bin.env, DEVNET_STATE_DIR: join(state, 'devnet'), DEVNET_CACHE_DIR: join(state, 'cache') } };
}

const up = (env: Record<string, string>, extra: string[] = []) => runCli(['up', '-p', 'linera-light', '--no-dashboard', ...extra], { env, cwd: ROOT });

describe('devnet up without the storage server image', () => {
  test('preflight refuses it (exit 3) naming the docker build command; kind is never asked to create anything', async () => {
    const { bin, env } = machine([CLIENT]);
    // Host ports no other devnet holds: preflight would also refuse the ports a running kind cluster binds.
    const { code, stderr } = await up(env, ['--set', `linera.exposure.hostPortBase=${await freePortRange(8)}`]);
    expect(code, stderr).toBe(3);
    expect(stderr).toContain('This machine is not ready for the devnet (Local images).');
    expect(stderr).toContain(`Docker lacks ${IMAGE} (for storage): built on this machine, never pulled`);
    expect(stderr).toContain(`fix: ${BUILD}`);
    expect(stderr).toMatch(/hint fix the checks above \(devnet doctor -p linera-light --set linera\.exposure\.hostPortBase=\d+ runs them again\), or pass --skip-preflight/);
    expect(bin.calls('kind').map((c) => c.args.slice(0, 2).join(' '))).not.toContain('create cluster');
    expect(bin.calls('docker').map((c) => c.args.join(' '))).toContain(`image inspect --format {{.Id}} ${IMAGE}`);
  });

  test('with --skip-preflight the Local images step refuses it before the cluster step: kind is not run at all', async () => {
    const { bin, env, state } = machine([CLIENT]);
    const { code, stderr } = await up(env, ['--skip-preflight']);
    expect(code, stderr).toBe(3);
    expect(stderr).toContain(`Docker has no image ${IMAGE} (for storage); nothing was created or changed.`);
    expect(stderr).toContain(`${BUILD}, then run devnet up -p linera-light again`);
    expect(bin.calls('kind')).toEqual([]);
    expect(readdirSync(state)).not.toContain('kind.json');
  });

  test('from another directory the command names the Dockerfile by its absolute path', async () => {
    const { env } = machine([CLIENT]);
    const elsewhere = mkdtempSync(join(tmpdir(), 'devnet-cwd-'));
    cleanups.push(() => rmSync(elsewhere, { recursive: true, force: true }));
    const { code, stderr } = await runCli(['up', '-p', 'linera-light', '--no-dashboard', '--skip-preflight'], { env, cwd: elsewhere });
    expect(code).toBe(3);
    expect(stderr).toContain(`docker build -t ${IMAGE} ${join(ROOT, 'docker', 'linera-storage-server')}, then run devnet up -p linera-light again`);
  });

  test('a Docker that does not answer is reported as such, not as a missing image', async () => {
    const { env } = machine([CLIENT]);
    const { code, stderr } = await up({ ...env, FAKE_DOCKER_FAIL: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' }, ['--skip-preflight']);
    expect(code).toBe(3);
    expect(stderr).toContain(`Docker could not say whether it has the image ${IMAGE}.`);
    expect(stderr).not.toContain('docker build');
  });
});

describe('devnet doctor for linera-light', () => {
  test('names the missing image and the command that builds it', async () => {
    const { env } = machine([CLIENT]);
    const { code, stdout } = await runCli(['doctor', '-p', 'linera-light'], { env, cwd: ROOT });
    expect(code).toBe(3);
    expect(stdout).toMatch(new RegExp(`✖ Local images\\s+Docker lacks ${IMAGE.replace(/\./g, '\\.')} \\(for storage\\)`));
    expect(stdout).toContain(`fix ${BUILD}`);
  });

  test('passes once Docker has it, and counts no operators in the budget', async () => {
    const { env } = machine([CLIENT, IMAGE]);
    // Host ports no other devnet holds, or doctor would rightly fail on them.
    const { code, stdout } = await runCli(['doctor', '-p', 'linera-light', '--set', `linera.exposure.hostPortBase=${await freePortRange(8)}`], { env, cwd: ROOT });
    expect(stdout).toMatch(/✔ Local images\s+devnet\.local\/linera-storage-server:0\.15\.23 present in Docker/);
    expect(stdout).toMatch(/✔ CPU and memory\s+needs 1\.05 CPU and 2\.1 GiB/);
    expect(stdout).not.toContain('fs.aio-max-nr');
    expect(code, stdout).toBe(0);
  });
});
