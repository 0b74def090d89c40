/**
 * One output convention: `-o json` on every command (kubectl's spelling), `--json` taken as it with
 * a note, objects for documents, and NDJSON streams that end with an event saying how they ended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import type { Json } from '../support/objects.js';
import { runCli } from '../support/run-cli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});
function sandbox(env: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'devnet-output-'));
  const bin: FakeBin = fakeBin(['docker', 'kind'], { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache'), FAKE_KIND_STATE: join(home, 'kind.json'), ...env });
  cleanups.push(() => {
    bin.cleanup();
    rmSync(home, { recursive: true, force: true });
  });
  return bin.env;
}
const events = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Json);

describe('-o json', () => {
  test('is the form every command documents; --json still works and says so', async () => {
    const help = await runCli(['status', '--help']);
    expect(help.stdout).toContain('-o, --output <format>');
    expect(help.stdout).not.toContain('--json');
    const spelled = await runCli(['plan', '-p', 'substrate', '-o', 'json']);
    const alias = await runCli(['plan', '-p', 'substrate', '--json']);
    const pods = (stdout: string) => (JSON.parse(stdout) as Json).replicas.map((r: Json) => r.pod);
    expect(pods(alias.stdout)).toEqual(pods(spelled.stdout));
    expect(alias.stderr).toContain('note: --json is taken as -o json, the form devnet documents');
    expect(spelled.stderr).not.toContain('--json');
  });

  test('a file given to -o is pointed at --out', async () => {
    const result = await runCli(['bundle', '-o', 'devnet.tar.gz']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'devnet.tar.gz' is invalid. expected text or json; -o chooses the output format, --out names a file");
  });

  test('documents are objects: doctor and plan', async () => {
    const doctor = JSON.parse((await runCli(['doctor', '-p', 'substrate', '-o', 'json'], { env: sandbox() })).stdout) as Json;
    expect(doctor).toMatchObject({ ok: expect.any(Boolean), checks: expect.any(Array) });
    const plan = JSON.parse((await runCli(['plan', '-p', 'substrate', '-o', 'json'])).stdout) as Json;
    expect(plan.devnet).toBe('substrate');
    expect(plan.replicas.map((r: Json) => r.pod)).toEqual(['node-0', 'node-0']);
  });
});

describe('an NDJSON stream', () => {
  test('of a failed up ends with an end event carrying the error, exit code and hint', async () => {
    const result = await runCli(['up', '-p', 'linera-production', '-o', 'json'], { env: sandbox({ FAKE_DOCKER_MEMORY: String(4 * 2 ** 30), FAKE_DOCKER_CPUS: '2' }) });
    expect(result.code).toBe(3);
    const stream = events(result.stdout);
    expect(stream[0]).toMatchObject({ event: 'phase', phase: 'preflight', status: 'started' });
    const end = stream.at(-1);
    expect(end).toMatchObject({ event: 'end', status: 'failed', exitCode: 3 });
    expect(end.error.message).toContain('This machine is not ready for the devnet');
    expect(end.error.hint).toEqual(expect.any(String));
    expect(Date.parse(end.time)).not.toBeNaN();
    expect(end.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('of an up stopped by its profile still ends with the end event', async () => {
    const result = await runCli(['up', '-p', 'test/fixtures/profiles/broken/types.yaml', '-o', 'json'], { env: sandbox() });
    expect(result.code).toBe(1);
    expect(events(result.stdout)).toEqual([expect.objectContaining({ event: 'end', status: 'failed', exitCode: 1, error: expect.objectContaining({ message: expect.stringContaining('types.yaml has') }) })]);
  });
});
