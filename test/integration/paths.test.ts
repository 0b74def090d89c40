/**
 * Every flag that takes a path reads or writes exactly there: a relative path from the directory
 * devnet runs in, an absolute one as it is. And `check --junit` leaves a report whatever stops the
 * check, with the reason as a test case, because the CI system reads that file.
 * (--manifests-dir is read by up's prerequisites step, proven on the test control plane in
 * test/cluster/up-linera.test.ts.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { junitProblems } from '../support/junit-schema.js';
import { closedPort } from '../support/ping-server.js';
import { runCli } from '../support/run-cli.js';
import { unpack } from '../support/tarball.js';
import { tempDir } from '../support/temp-dir.js';

/** A kubeconfig whose only context points at a loopback port nothing listens on. */
async function unreachableKubeconfig(file: string): Promise<void> {
  const port = await closedPort();
  writeFileSync(file, [
    'apiVersion: v1',
    'kind: Config',
    'current-context: nowhere',
    `clusters: [{ name: nowhere, cluster: { server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]`,
    'users: [{ name: nobody, user: { token: none } }]',
    'contexts: [{ name: nowhere, context: { cluster: nowhere, user: nobody } }]',
    '',
  ].join('\n'));
}

describe('render --out', () => {
  test.each([
    ['relative, from the working directory', (cwd: string) => ['build/devnet', join(cwd, 'build', 'devnet')]],
    ['absolute, as it is', () => { const dir = join(tempDir('paths'), 'elsewhere'); return [dir, dir]; }],
  ])('%s', async (_, paths) => {
    const cwd = tempDir('paths');
    const [given, expected] = paths(cwd) as [string, string];
    const result = await runCli(['render', '-p', 'substrate', '--out', given, '--no-kind-config'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(expected, 'kubernetes')).sort()).toEqual(['_cluster.yaml', 'substrate-val-0.yaml', 'substrate-val-1.yaml']);
    expect(result.stderr).toContain(`to ${expected}\n`);
    if (given.startsWith('/')) expect(readdirSync(cwd)).toEqual([]);
  });
});

// bundle --out needs a devnet to read: the cluster tier (test/cluster/bundle.test.ts) writes one relative and one absolute.
describe('up --bundle-on-failure', () => {
  test('up --bundle-on-failure: a relative path lands in the working directory', async () => {
    const cwd = tempDir('paths');
    const result = await runCli(['up', '-p', 'substrate', '--context', 'nowhere', '--kubeconfig', 'no-kubeconfig', '--no-dashboard', '--bundle-on-failure', 'failed/up.tar.gz'], { cwd });
    expect(result.code).not.toBe(0);
    expect((await unpack(join(cwd, 'failed', 'up.tar.gz'))).get('devnet-substrate/failure.txt')).toContain('no-kubeconfig');
  });
});

describe('check --junit', () => {
  test('a profile devnet refuses: the report, at the relative path given, holds the problem as an error test case', async () => {
    const cwd = tempDir('paths');
    writeFileSync(join(cwd, 'mine.yaml'), 'apiVersion: devnet/v1\nname: mine\nnetwork: substrate\nvalidators: zero\n');
    const result = await runCli(['check', '-p', 'mine.yaml', '--junit', 'reports/check.xml'], { cwd });
    expect(result.code).toBe(1);
    const xml = readFileSync(join(cwd, 'reports', 'check.xml'), 'utf8');
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain('<testsuite name="devnet mine.yaml" tests="1" failures="0" errors="1"');
    expect(xml).toMatch(/<testcase name="devnet check runs against the devnet" classname="devnet\.mine\.yaml\.check" time="[\d.]+">\n\s+<error message="mine.yaml has 1 problem:" type="ProfileError">mine.yaml has 1 problem:\n\s*mine.yaml:4:13 +validators: [^\n]+\n[\s\S]*hint: fix the fields above/);
  });

  test('an API server nobody answers: the report at an absolute path says so; --kubeconfig is read from the working directory', async () => {
    const cwd = tempDir('paths');
    await unreachableKubeconfig(join(cwd, 'kubeconfig'));
    const report = join(tempDir('paths'), 'check.xml');
    const result = await runCli(['check', '-p', 'substrate', '--context', 'nowhere', '--kubeconfig', 'kubeconfig', '--junit', report], { cwd });
    expect(result.code).toBe(5);
    expect(result.stderr).not.toContain('There is no kubeconfig');
    const xml = readFileSync(report, 'utf8');
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<error message="[^"]*127\.0\.0\.1:\d+[^"]*" type="ClusterError">/);
  }, 90_000);

  test('a kubeconfig that is not there: named with its resolved path, and reported', async () => {
    const cwd = tempDir('paths');
    mkdirSync(join(cwd, 'ci'));
    const result = await runCli(['check', '-p', 'substrate', '--context', 'ci', '--kubeconfig', 'ci/kubeconfig', '--junit', 'check.xml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is no kubeconfig at ${join(cwd, 'ci', 'kubeconfig')}.`);
    expect(readFileSync(join(cwd, 'check.xml'), 'utf8')).toContain(`There is no kubeconfig at ${join(cwd, 'ci', 'kubeconfig')}.`);
    expect(existsSync(join(process.cwd(), 'check.xml'))).toBe(false);
  });
});
