/**
 * `devnet images`: every image the profile's `up` runs, read from the profile and the pinned
 * prerequisite manifests, and where each one is on this machine. `docker` and `kind` are the fakes
 * (no kind cluster exists; Docker holds the images FAKE_DOCKER_IMAGES names).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { CACHE_LABEL } from '../../src/render/registry-cache.js';
import { fakeBin } from '../support/fake-bin.js';
import { ROOT } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';
import { UPSTREAM_DIR } from '../support/upstream.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function machine(images: string[]): Record<string, string> {
  const state = mkdtempSync(join(tmpdir(), 'devnet-state-'));
  const bin = fakeBin(['docker', 'kind'], { FAKE_DOCKER_IMAGES: images.join(','), FAKE_KIND_STATE: join(state, 'kind.json') });
  cleanups.push(() => bin.cleanup(), () => rmSync(state, { recursive: true, force: true }));
  return { ...bin.env, DEVNET_STATE_DIR: join(state, 'devnet'), DEVNET_CACHE_DIR: join(state, 'cache') };
}

interface Listed {
  image: string;
  registry: string;
  pinned: boolean;
  role: string;
  usedBy: string[];
  bytes: number | null;
  where: string[];
}

describe('devnet images', () => {
  test('-o json lists the workloads, the prerequisites from their manifests and the node image, each with where it is', async () => {
    const webhook = 'quay.io/jetstack/cert-manager-webhook:v1.20.2';
    const env = machine([webhook]);
    const { code, stdout, stderr } = await runCli(['images', '-p', 'linera', '--manifests-dir', UPSTREAM_DIR, '-o', 'json'], { env, cwd: ROOT });
    expect(code, stderr).toBe(0);
    const listed = JSON.parse(stdout) as { devnet: string; images: Listed[]; notes: string[] };
    expect(listed.devnet).toBe('linera');
    const byRef = new Map(listed.images.map((i) => [i.image, i]));
    expect(byRef.get(webhook)).toMatchObject({ registry: 'quay.io', pinned: false, role: 'prerequisite', usedBy: ['cert-manager Deployment/cert-manager-webhook'], where: ['docker'], bytes: 123000000 });
    expect(byRef.get('quay.io/jetstack/cert-manager-controller:v1.20.2')).toMatchObject({ where: [], bytes: null });
    expect(listed.images.filter((i) => i.role === 'node')).toHaveLength(1);
    expect(listed.images.some((i) => i.role === 'workload' && i.usedBy.includes('shards (3 validators)'))).toBe(true);
    expect(listed.notes).toEqual([expect.stringMatching(/^kind cluster \S+ does not exist: nothing is in a node yet$/)]);
  });

  test('as text: one row per image, what is missing counted at the end', async () => {
    const env = machine([]);
    const { code, stdout, stderr } = await runCli(['images', '-p', 'linera', '--manifests-dir', UPSTREAM_DIR], { env, cwd: ROOT });
    expect(code, stderr).toBe(0);
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header).toMatch(/^IMAGE\s+PINNED\s+SIZE\s+WHERE\s+USED BY$/);
    expect(rows.find((r) => r.startsWith('quay.io/jetstack/cert-manager-webhook:v1.20.2'))).toMatch(/\btag\s+—\s+missing\s+cert-manager Deployment\/cert-manager-webhook$/);
    expect(stdout).toMatch(/\n\d+ images, \d+ missing \(up pulls them; devnet up --offline would refuse\)\n$/);
  });
});

describe('devnet up --offline', () => {
  test('refuses at once, naming each image this machine lacks and how to bring it, before kind creates anything', async () => {
    const storage = 'devnet.local/linera-storage-server:0.15.23';
    const env = machine([storage]);
    const { code, stderr } = await runCli(['up', '-p', 'linera-light', '--offline', '--skip-preflight', '--no-dashboard', '--manifests-dir', UPSTREAM_DIR], { env, cwd: ROOT });
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/--offline: \d+ things this devnet needs are not on this machine; nothing was created or changed\./);
    expect(stderr).toMatch(/\n {2}us-docker\.pkg\.dev\/linera-io-dev\/linera-public-registry\/linera:\S+ \(storage-init \(3 validators\), shards \(3 validators\), .*, keys and genesis, on this machine\): Docker runs it on this machine: Docker must have it\n/);
    // Refused before the cache step: no registry container was started (nor registry:3 pulled for one).
    expect(stderr).not.toContain('Image cache');
    expect(stderr).not.toContain('registry:3');
    const { stdout: caches } = await promisify(execFile)(join(env.PATH?.split(delimiter)[0] ?? '', 'docker'), ['ps', '-a', '--filter', `label=${CACHE_LABEL}=true`], { env });
    expect(caches.trim()).toBe('');
    expect(stderr).toContain('kind creates the node from it: Docker must have it');
    expect(stderr).not.toContain(`\n  ${storage} (`);
    expect(stderr).toContain('hint on a machine with a network run devnet images save -p linera-light -o linera-light-images.tar');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('devnet images load', () => {
  test('a file that is not an archive of images is named, with what Docker said and what to give instead', async () => {
    const env = machine([]);
    const file = join(mkdtempSync(join(tmpdir(), 'devnet-archive-')), 'notes.tar');
    cleanups.push(() => rmSync(file, { force: true }));
    writeFileSync(file, 'not a tar\n');
    const { code, stderr } = await runCli(['images', 'load', file], { env, cwd: ROOT });
    expect(code).toBe(1);
    expect(stderr).toContain(`error ${file} is not an image archive Docker can load.`);
    expect(stderr).toContain('archive/tar: invalid tar header');
    expect(stderr).toContain('hint give the .tar that devnet images save wrote');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
