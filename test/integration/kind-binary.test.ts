/**
 * Only Docker needed: when this machine has no kind, or not the pinned release, devnet downloads
 * the release binary for its platform, checks its sha256, keeps it in its state directory and runs
 * it for every kind call. A local HTTP server plays the release download (through
 * DEVNET_KIND_MIRROR, as a user's mirror would); what it serves is an executable that answers as
 * kind v0.33.0 (the fake kind). The success path needs a digest of what is served, so those tests
 * give ensureKind a release table at its boundary; the refusals also run through the whole CLI,
 * with the digests devnet ships.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ensureKind, locateKind, type KindBinaryOptions } from '../../src/cluster/kind-binary.js';
import { KIND_RELEASE, kindPlatform, type KindRelease } from '../../src/cluster/kind-release.js';
import { EnvironmentError } from '../../src/errors/index.js';
import { run } from '../../src/system/process.js';
import { fakeBin, fakeExecutable, type FakeBin } from '../support/fake-bin.js';
import { fileServer, type FileServer } from '../support/file-server.js';
import { runCli } from '../support/run-cli.js';

const HOST = { os: 'linux', arch: 'x64' };
const ASSET = '/v0.33.0/kind-linux-amd64';
/** An executable that says it is kind v0.33.0, whatever the environment asks of the fake. */
const KIND = fakeExecutable('kind', { FAKE_KIND_VERSION: '0.33.0' });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const release = (digest: string | undefined): KindRelease => ({ version: '0.33.0', sha256: digest === undefined ? {} : { 'linux-amd64': digest } });

let server: FileServer;
let home: string;
let bins: FakeBin[];
beforeEach(async () => {
  server = await fileServer();
  home = mkdtempSync(join(tmpdir(), 'devnet-kind-binary-'));
  bins = [];
});
afterEach(async () => {
  await server.close();
  for (const bin of bins) bin.cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** A machine with Docker (the fake) and, when asked, a kind of some version on PATH; nothing else on PATH. */
function machine(kindOnPath?: string): { env: Record<string, string>; bin: FakeBin } {
  const bin = fakeBin(kindOnPath === undefined ? ['docker'] : ['docker', 'kind'], {
    DEVNET_STATE_DIR: join(home, 'state'),
    DEVNET_CACHE_DIR: join(home, 'cache'),
    DEVNET_KIND_MIRROR: server.url,
    FAKE_KIND_STATE: join(home, 'kind-clusters.json'),
    ...(kindOnPath === undefined ? {} : { FAKE_KIND_VERSION: kindOnPath }),
  }, { systemPath: false });
  bins.push(bin);
  return { env: bin.env, bin };
}

const options = (env: Record<string, string>, digest: string | undefined): KindBinaryOptions => ({ run, env, release: release(digest), host: HOST });
const kept = () => join(home, 'state', 'bin', 'kind-v0.33.0');

describe('the kind devnet runs', () => {
  test('no kind on PATH: the release binary is downloaded, checked, kept executable, and reused without asking again', async () => {
    server.serve(ASSET, KIND);
    const { env } = machine();
    const notes: string[] = [];
    const first = await ensureKind(options(env, sha256(KIND)), (m) => notes.push(m));
    expect(first).toEqual({ path: kept(), version: '0.33.0', origin: 'download' });
    expect(statSync(kept()).mode & 0o111).not.toBe(0);
    expect(notes).toEqual([`downloading kind v0.33.0 for linux-amd64 from ${server.url}${ASSET}`, `kind v0.33.0 checked (sha256 ${sha256(KIND).slice(0, 12)}…) and kept in ${kept()}`]);
    const again = await ensureKind(options(env, sha256(KIND)));
    expect(again.path).toBe(kept());
    expect(server.requests).toEqual([ASSET]);
    // The commands that only look at clusters use the same copy.
    expect(await locateKind(options(env, sha256(KIND)))).toBe(kept());
  });

  test('a kind of another version on PATH is left alone: devnet downloads its own and says why', async () => {
    server.serve(ASSET, KIND);
    const { env, bin } = machine('0.31.0');
    const notes: string[] = [];
    const kind = await ensureKind(options(env, sha256(KIND)), (m) => notes.push(m));
    expect(kind.path).toBe(kept());
    expect(notes[0]).toBe(`kind 0.31.0 on PATH (${join(bin.dir, 'kind')}), not kind 0.33.0, which devnet needs; using its own copy`);
  });

  test('the pinned kind on PATH is used as it is: nothing is downloaded', async () => {
    const { env, bin } = machine('0.33.0');
    expect(await ensureKind(options(env, sha256(KIND)))).toEqual({ path: join(bin.dir, 'kind'), version: '0.33.0', origin: 'path' });
    expect(server.requests).toEqual([]);
    expect(existsSync(join(home, 'state', 'bin'))).toBe(false);
  });

  test('a corrupted download is refused with both digests, and nothing of it is left', async () => {
    const corrupted = KIND.replace('exec', 'exec  ');
    server.serve(ASSET, corrupted);
    const { env } = machine();
    const refused = ensureKind(options(env, sha256(KIND)));
    await expect(refused).rejects.toThrow(EnvironmentError);
    await expect(refused).rejects.toThrow(`The file at ${server.url}${ASSET} is not kind v0.33.0 for linux-amd64: its sha256 is ${sha256(corrupted)}, devnet expects ${sha256(KIND)}. It was not kept.`);
    expect(existsSync(join(home, 'state', 'bin')) ? readdirSync(join(home, 'state', 'bin')) : []).toEqual([]);
  });

  test('a kept copy that no longer matches its digest is downloaded again', async () => {
    server.serve(ASSET, KIND);
    const { env } = machine();
    await ensureKind(options(env, sha256(KIND)));
    writeFileSync(kept(), '#!/bin/sh\necho tampered\n');
    chmodSync(kept(), 0o755);
    expect((await ensureKind(options(env, sha256(KIND)))).path).toBe(kept());
    expect(server.requests).toEqual([ASSET, ASSET]);
  });

  test('a platform devnet has no digest for is never downloaded: the user is told to install kind, and where from', async () => {
    server.serve(ASSET, KIND);
    const { env } = machine();
    const refused = ensureKind(options(env, undefined));
    await expect(refused).rejects.toThrow('devnet knows no sha256 of kind v0.33.0 for linux-amd64, so it does not download it.');
    await expect(refused).rejects.toMatchObject({ hint: 'install kind v0.33.0 yourself and put it on PATH: https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64 (check it against the .sha256sum beside it)' });
    expect(server.requests).toEqual([]);
  });

  test('a machine off linux/macOS × amd64/arm64 gets no download, and how to build kind instead', async () => {
    const { env } = machine();
    const refused = ensureKind({ ...options(env, sha256(KIND)), host: { os: 'win32', arch: 'x64' } });
    await expect(refused).rejects.toThrow('devnet downloads kind only for linux and macOS on amd64 or arm64, not for win32/x64.');
    await expect(refused).rejects.toMatchObject({ hint: 'install kind v0.33.0 yourself and put it on PATH: go install sigs.k8s.io/kind@v0.33.0' });
    expect(server.requests).toEqual([]);
  });

  test('a mirror that does not have the file: the HTTP status and what to check', async () => {
    const { env } = machine();
    const refused = ensureKind(options(env, sha256(KIND)));
    await expect(refused).rejects.toThrow(`Downloading ${server.url}${ASSET} failed: HTTP 404.`);
    await expect(refused).rejects.toMatchObject({ hint: `check DEVNET_KIND_MIRROR (${server.url}${ASSET}), or install kind v0.33.0 yourself and put it on PATH` });
  });
});

describe('through the CLI, with the digests devnet ships', () => {
  const platform = kindPlatform(process.platform, process.arch) ?? 'unsupported';
  const asset = `/v0.33.0/kind-${platform}`;

  test('up with an old kind on PATH and a mirror serving something else: exit 3, nothing kept, no cluster created', async () => {
    server.serve(asset, KIND);
    const { env, bin } = machine('0.31.0');
    const { code, stderr } = await runCli(['up', '-p', 'substrate', '--skip-preflight', '--no-dashboard'], { env });
    expect(code).toBe(3);
    expect(stderr).toContain(`The file at ${server.url}${asset} is not kind v0.33.0 for ${platform}: its sha256 is ${sha256(KIND)}, devnet expects ${KIND_RELEASE.sha256[platform] ?? ''}. It was not kept.`);
    expect(stderr).toContain(`the mirror's copy differs from the release: replace it with https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-${platform}`);
    expect(existsSync(join(home, 'state', 'bin')) ? readdirSync(join(home, 'state', 'bin')) : []).toEqual([]);
    expect(bin.calls('kind').map((c) => c.args.slice(0, 2).join(' '))).not.toContain('create cluster');
  });

  test('a mirror that is not a URL is refused as input (exit 1), before any download', async () => {
    const { env } = machine('0.31.0');
    const { code, stderr } = await runCli(['up', '-p', 'substrate', '--skip-preflight', '--no-dashboard'], { env: { ...env, DEVNET_KIND_MIRROR: 'mirror.internal/kind' } });
    expect(code).toBe(1);
    expect(stderr).toContain('DEVNET_KIND_MIRROR is "mirror.internal/kind", which is not an http(s) URL.');
    expect(server.requests).toEqual([]);
  });

  test('doctor says which kind devnet uses, and what up would download when there is none', async () => {
    const pinned = machine('0.33.0');
    const onPath = await runCli(['doctor', '-p', 'substrate'], { env: pinned.env });
    expect(onPath.stdout).toMatch(new RegExp(`✔ kind\\s+kind 0\\.33\\.0 on PATH \\(${join(pinned.bin.dir, 'kind')}\\)`));

    const old = machine('0.31.0');
    const missing = await runCli(['doctor', '-p', 'substrate'], { env: old.env });
    expect(missing.stdout).toContain(`kind 0.31.0 on PATH (${join(old.bin.dir, 'kind')}), not kind 0.33.0: devnet up downloads kind 0.33.0 for ${platform} from ${server.url}${asset}, checks its sha256 and keeps it in ${kept()}`);
    expect(server.requests).toEqual([]);
  });
});
