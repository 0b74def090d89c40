/**
 * Status that tells the truth: a check that could not look says so (skipped, with why) instead of
 * a green mark, and a command that could do nothing of what was asked does not exit 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeBin } from '../support/fake-bin.js';
import { runCli } from '../support/run-cli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/** A machine with the fakes given and nothing else on PATH but node: no kind unless asked. */
function machine(tools: string[], env: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'devnet-truth-'));
  const bin = fakeBin(tools, { DEVNET_STATE_DIR: join(home, 'state'), FAKE_KIND_STATE: join(home, 'kind.json'), ...env });
  cleanups.push(() => {
    bin.cleanup();
    rmSync(home, { recursive: true, force: true });
  });
  return { ...bin.env, PATH: [bin.dir, dirname(process.execPath)].join(delimiter) };
}

describe('doctor', () => {
  test('without Docker, the cgroups, local images, CPU/memory and image checks show as skipped with why, not left out or passed', async () => {
    const result = await runCli(['doctor', '-p', 'linera-light'], { env: machine(['docker', 'kind'], { FAKE_DOCKER_FAIL: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' }) });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/- cgroups\s+skipped: Docker did not answer \(see above\), so the kind node's cgroup version is unknown/);
    expect(result.stdout).toMatch(/- Local images\s+skipped: Docker did not answer \(see above\), so whether it has devnet\.local\/linera-storage-server:0\.15\.23 is unknown/);
    expect(result.stdout).toMatch(/- CPU and memory\s+skipped: Docker did not answer \(see above\), so its CPUs and memory are unknown/);
    expect(result.stdout).toMatch(/- Image architecture\s+skipped: Docker did not answer/);
  });

  test('an image architecture nobody could inspect is skipped, not a green mark', async () => {
    const result = await runCli(['doctor', '-p', 'substrate', '--set', 'substrate.image=example.org/missing:1'], { env: machine(['docker', 'kind']) });
    expect(result.stdout).toMatch(/- Image architecture\s+skipped: could not inspect example\.org\/missing:1 \(offline or private registry\?\)/);
    expect(result.stdout).not.toMatch(/✔ Image architecture/);
  });
});

describe('without kind', () => {
  test('list and gc, which had nothing to look at, fail with why instead of exit 0', async () => {
    const env = machine(['docker']);
    for (const args of [['list'], ['list', '-o', 'json'], ['gc', '--yes']]) {
      const result = await runCli(args, { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(3);
      expect(result.stderr).toContain('Could not run `kind`: it is not installed or not on PATH.');
    }
  });
});
