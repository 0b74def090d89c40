/**
 * Errors placed where they belong: the --set that made a problem, the value a required field takes,
 * the shipped profile a typo meant, the stage a profile check stopped at, a checkout never built,
 * and kind missing named as such.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeBin } from '../support/fake-bin.js';
import { ROOT } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});
describe('profile problems', () => {
  test('an unknown field a --set made is reported at that --set, not at a line of the file', async () => {
    const { code, stderr } = await runCli(['render', '-p', 'substrate', '--set', 'substrate.replica.count=3']);
    expect(code).toBe(1);
    expect(stderr).toContain('--set substrate.replica.count=3  substrate.replica: is not a known field');
    expect(stderr).toContain('did you mean "replicas"?');
    expect(stderr).not.toMatch(/substrate\.yaml:\d+:\d+ +substrate\.replica:/);
  });

  test('a profile stopped at its fields says the rules across fields come next', async () => {
    const { stderr } = await runCli(['render', '-p', join('test', 'fixtures', 'profiles', 'broken', 'types.yaml')], { cwd: ROOT });
    expect(stderr).toContain('hint fix the fields above; the rules across fields run once every field is valid');
    const yaml = await runCli(['render', '-p', join('test', 'fixtures', 'profiles', 'broken', 'syntax.yaml')], { cwd: ROOT });
    expect(yaml.stderr).toContain('hint fix the YAML above; the fields are checked once it parses, then the rules across fields');
  });

  test.each([
    ['substrat', 'substrate'],
    ['linera-prod', 'linera-production'],
    ['codec', 'codex'],
  ])('-p %s suggests the shipped profile %s', async (given, meant) => {
    const { code, stderr } = await runCli(['render', '-p', given]);
    expect(code).toBe(1);
    expect(stderr).toContain(`hint did you mean -p ${meant}?`);
  });
});

describe('a profile whose devnet could not work', () => {
  // Made no longer viable after its devnet came up: versi-local finalises with 3 of 4 authorities, and 2 nodes run.
  const args = ['-p', 'substrate', '--set', 'substrate.args.chain=versi-local'];

  test('up refuses it; down, status and health still reach the devnet, so it can be seen and taken down', async () => {
    const home = tempDir('errors');
    const bin = fakeBin(['docker', 'kind'], { FAKE_KIND_STATE: join(home, 'kind-clusters.json'), DEVNET_STATE_DIR: join(home, 'state') });
    cleanups.push(() => bin.cleanup());
    const up = await runCli(['up', ...args, '--no-dashboard'], { env: bin.env, cwd: home });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('substrate.args.chain: is versi-local: its genesis has 4 authorities (Alice, Bob, Charlie, Dave), and GRANDPA finalises only with 3 of them voting, but this devnet runs 2');

    const down = await runCli(['down', ...args], { env: bin.env, cwd: home });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('Nothing to remove: the cluster of devnet substrate does not exist.');
    for (const command of ['status', 'health']) {
      const { stderr } = await runCli([command, ...args], { env: bin.env, cwd: home });
      expect(stderr).not.toContain('GRANDPA');
      expect(stderr).toContain('error There is no kind cluster substrate, so no devnet substrate.');
    }
  });
});

describe('the machine', () => {
  test('a checkout never built says to build it, without a stack trace, exit 3', async () => {
    const root = tempDir('errors');
    mkdirSync(join(root, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'devnet.js'), join(root, 'bin', 'devnet.js'));
    const result = await promisify(execFile)(process.execPath, [join(root, 'bin', 'devnet.js'), 'status']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`devnet is not built yet: run \`npm ci && npm run build\` in ${root}/.\n`);
  });

  test('without kind, status, health and check say kind is missing, as down does', async () => {
    const home = tempDir('errors');
    const bin = fakeBin(['docker'], { DEVNET_STATE_DIR: join(home, 'state') });
    cleanups.push(() => bin.cleanup());
    const env = { ...bin.env, PATH: [bin.dir, dirname(process.execPath)].join(delimiter) };
    for (const command of [['status'], ['health', '-p', 'substrate'], ['check', '-p', 'substrate'], ['down']]) {
      const { code, stderr } = await runCli(command, { env });
      expect(code, stderr).toBe(3);
      expect(stderr).toContain('Could not run `kind`: it is not installed or not on PATH.');
      expect(stderr).not.toContain('could not give the kubeconfig');
    }
  });
});
