/**
 * The pull-through cache on real kind: "upstream" is a second registry (the same Distribution
 * program, without a proxy) holding Linera's images built here, since no registry on the internet is
 * reachable. `up` starts a cache in front of it, the node pulls through it before anything is
 * applied, and after `down --cluster` a new cluster is served from the cache: the cache counts hits,
 * the upstream's log shows no second download of a layer.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ensureKindNetwork } from '../../src/cluster/kind-network.js';
import { run } from '../../src/system/process.js';
import { kindEnv, type KindEnv, type RunResult } from './support/kind-env.js';

let k: KindEnv;
let upstream: string;
let first: RunResult;
let upstreamBlobsAfterFirst: number;
let second: RunResult;

const docker = async (args: string[]) => {
  const result = await execa('docker', args, { reject: false, encoding: 'utf8' });
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
};
const images = () => inject('lineraImages');
const remote = () => `${upstream}:5000`;
const named = (image: string) => `${remote()}/${image.replace(/^.*\//, '').replace(/:.*$/, '')}:cache-test`;
const cachePrefix = () => `${k.cluster}-cache`;
const ourCache = () => `${cachePrefix()}-${remote().replace(/[^a-z0-9]+/g, '-')}`;
/** Docker's answer about a container or volume: 0 when it exists. */
const exists = async (kind: 'container' | 'volume', name: string) => (await docker([kind, 'inspect', name])).code === 0;
const profile = () => [
  '-p', 'linera-light', '--seed', '7',
  '--set', `cluster.name=${k.cluster}`, '--set', `cluster.nodeImage=${inject('kindNodeImage')}`,
  '--set', `linera.images.client=${named(images().client)}`, '--set', `linera.images.validator=${named(images().validator)}`,
  '--set', `cluster.cache.image=${inject('registryImage')}`, '--set', `cluster.cache.prefix=${cachePrefix()}`,
  '--set', `cluster.cache.remotes={"${remote()}": "http://${remote()}"}`,
];
/** Layer downloads the upstream served: its access log, on stdout in the combined log format (distribution v3.1.2 registry/registry.go:156). */
const upstreamBlobGets = async () => (await docker(['logs', upstream])).stdout.split('\n').filter((l) => /"GET \/v2\/[^"]*\/blobs\/sha256:/.test(l) && / 200 /.test(l)).length;
const pullSeconds = (stderr: string) => Number(/✔ Pull images: [^\n]*\((\d+(?:\.\d+)?)s\)/.exec(stderr)?.[1] ?? Number.NaN);

/** The registry listens a moment after its container starts: a push before then gets EOF. */
async function answers(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the image cache on a real kind cluster', () => {
  beforeAll(async () => {
    k = kindEnv();
    upstream = `${k.cluster}-upstream`;
    // On kind's network, so the cache and the node resolve it by name; published on loopback for the pushes.
    await ensureKindNetwork({ run, env: { ...process.env } });
    const started = await docker(['run', '-d', '--name', upstream, '--network', 'kind', '-p', '127.0.0.1::5000', inject('registryImage')]);
    if (started.code !== 0) throw new Error(`upstream registry: ${started.stderr}`);
    const port = (await docker(['port', upstream, '5000/tcp'])).stdout.trim().split('\n')[0]?.replace(/^.*:/, '');
    await answers(`http://127.0.0.1:${port}/v2/`);
    for (const image of [images().validator, images().client]) {
      const pushed = `127.0.0.1:${port}/${named(image).slice(remote().length + 1)}`;
      await docker(['tag', image, pushed]);
      const push = await docker(['push', pushed]);
      if (push.code !== 0) throw new Error(`push ${pushed}: ${push.stderr}`);
      await docker(['rmi', pushed]);
      // The genesis tools run in this machine's Docker under the profile's names.
      await docker(['tag', image, named(image)]);
    }
    first = await k.devnet(['up', ...profile(), '--no-dashboard', '--yes', '--timeout', '600']);
    upstreamBlobsAfterFirst = await upstreamBlobGets();
    const down = await k.devnet(['down', ...profile(), '--cluster']);
    if (down.code !== 0) throw new Error(`down --cluster: ${down.stderr}`);
    // With -o json: the pull's progress is also read as the NDJSON events a CI job would see.
    second = await k.devnet(['up', ...profile(), '--no-dashboard', '--yes', '--timeout', '600', '-o', 'json']);
  }, 1_800_000);

  afterAll(async () => {
    await k?.devnet(['cache', 'prune', '--all']).catch(() => undefined);
    await docker(['rm', '-f', '-v', upstream]);
    for (const image of [images().validator, images().client]) await docker(['rmi', named(image)]);
    await k?.cleanup();
  });

  test('the first up starts the cache before the cluster and pulls the images through it before deploying', () => {
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`✔ Image cache: \\d+ caches? on the kind network: [^\\n]*${remote().replace(/\./g, '\\.')}`));
    expect(first.stderr.indexOf('✔ Image cache')).toBeLessThan(first.stderr.indexOf('✔ Cluster'));
    expect(first.stderr).toMatch(/✔ Pull images: pulled [1-9]\d* images? \([^)]+\) through the cache/);
    expect(first.stderr.indexOf('✔ Pull images')).toBeLessThan(first.stderr.indexOf('✔ Prerequisites') >= 0 ? first.stderr.indexOf('✔ Prerequisites') : Infinity);
    expect(upstreamBlobsAfterFirst).toBeGreaterThan(0);
  });

  test('down --cluster keeps the cache, and the new cluster is served from it: hits in the cache, no second download upstream', async () => {
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(second.stderr).toMatch(/✔ Pull images: pulled [1-9]\d* images?/);
    expect(await upstreamBlobGets()).toBe(upstreamBlobsAfterFirst);
    const status = await k.devnet(['cache', 'status', '-o', 'json']);
    const caches = (JSON.parse(status.stdout) as { caches: { name: string; state: string; counters: { hits: number; misses: number } | null }[] }).caches;
    const ours = caches.find((c) => c.name === ourCache());
    expect(ours?.state).toBe('running');
    expect(ours?.counters?.hits).toBeGreaterThan(0);

    const events = second.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; phase?: string; images?: { done?: number; total?: number; pulled?: number; bytes?: number }; bytes?: number });
    const pulls = events.filter((e) => e.event === 'progress' && e.phase === 'pull');
    expect(pulls.length).toBeGreaterThan(0);
    const last = pulls.at(-1);
    expect(last?.images?.done).toBe(last?.images?.total);
    expect(last?.bytes).toBeGreaterThan(0);
    expect(pulls.map((p) => p.images?.done ?? 0)).toEqual([...pulls.map((p) => p.images?.done ?? 0)].sort((a, b) => a - b));
    const ready = events.find((e) => e.event === 'ready');
    expect(ready?.images?.pulled).toBe(last?.images?.total);
    expect(ready?.images?.bytes).toBe(last?.bytes);
    console.log(`pull through the cache: first ${pullSeconds(first.stderr)}s (from upstream), after down --cluster ${pullSeconds(second.stderr)}s (from the cache)`);
  });

  test('an image its registry does not have stops up at the pull, naming it, before anything of the devnet changes', async () => {
    const missing = `${remote()}/linera-validator:no-such-tag`;
    const run = await k.devnet(['up', ...profile(), '--set', `linera.images.validator=${missing}`, '--no-dashboard', '--yes', '--timeout', '300']);
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).toContain(`The image ${missing} does not exist in its registry; nothing of the devnet was applied.`);
    expect(run.stderr).toMatch(/hint check the reference in the profile/);
    expect(run.stderr).not.toMatch(/✔ (Claim|Network|Validators)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('a cache that cannot start is a warning with the reason: up goes on, and makes no container of it', async () => {
    const broken = '127.0.0.1:9/no-such/registry:3';
    const prefix = `${k.cluster}-broken`;
    const run = await k.devnet(['up', ...profile(), '--set', `cluster.cache.image=${broken}`, '--set', `cluster.cache.prefix=${prefix}`, '--no-dashboard', '--yes', '--timeout', '300']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`warning: the image cache for ${remote().replace(/\./g, '\\.')} \\(${prefix}-[^)]+\\) could not start: [^\\n]+; the node pulls from ${remote().replace(/\./g, '\\.')} itself this time; check that Docker can run ${broken.replace(/\./g, '\\.')}`));
    // One per cache: the upstream's and the one for images built here.
    expect(run.stderr).toMatch(/✔ Image cache: no cache could start \(\d+ warnings\)/);
    expect(run.stderr).toMatch(/✔ Pull images: all \d+ images already in the node/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect((await docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
    expect((await docker(['volume', 'ls', '-q'])).stdout.split('\n').filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });

  test('cache prune bounds the caches: a dry run names what --max-size would remove and keeps it; --upstream removes the cache and its volume', async () => {
    const dry = await k.devnet(['cache', 'prune', '--max-size', '1B', '--dry-run', '-o', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { removed: string[]; dryRun: boolean; freedBytes: number };
    expect(planned.dryRun).toBe(true);
    expect(planned.removed).toContain(ourCache());
    expect(planned.freedBytes).toBeGreaterThan(0);
    expect(await exists('container', ourCache())).toBe(true);

    const pruned = await k.devnet(['cache', 'prune', '--upstream', remote()]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(new RegExp(`✔ Removed ${ourCache()} \\([^)]+\\): .* freed\\.`));
    expect(await exists('container', ourCache())).toBe(false);
    expect(await exists('volume', ourCache())).toBe(false);
    const status = await k.devnet(['cache', 'status', '-o', 'json']);
    expect((JSON.parse(status.stdout) as { caches: { name: string }[] }).caches.map((c) => c.name)).not.toContain(ourCache());
  });

  test('images save and load carry the devnet to a new cluster on a machine with no upstream and no cache: up --offline starts no registry', async () => {
    const file = join(k.home, 'linera-light-images.tar');
    const saved = await k.devnet(['images', 'save', ...profile(), '--no-node-image', '-o', file]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/✔ Saved \d+ images of linera-light \([^)]+\) to /);

    // The other machine: no cluster, the upstream gone, no cache of ours, and the profile's images not in Docker.
    const down = await k.devnet(['down', ...profile(), '--cluster']);
    expect(down.code, down.stderr).toBe(0);
    await docker(['stop', upstream]);
    // `rm -v` removes anonymous volumes only: a cache's volume is named as the cache.
    for (const cache of (await docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(`${cachePrefix()}-`))) {
      await docker(['rm', '-f', cache]);
      await docker(['volume', 'rm', cache]);
    }
    for (const image of [images().validator, images().client]) await docker(['rmi', named(image)]);
    const refused = await k.devnet(['up', ...profile(), '--offline', '--no-dashboard', '--yes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`${named(images().validator)} (`);
    expect(refused.stderr).not.toContain('Image cache');

    const loaded = await k.devnet(['images', 'load', file]);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain(named(images().validator));
    const offline = await k.devnet(['up', ...profile(), '--offline', '--no-dashboard', '--yes', '--timeout', '600']);
    expect(offline.code, `${offline.stdout}\n${offline.stderr}`).toBe(0);
    expect(offline.stderr).toMatch(/✔ Offline: all \d+ images are on this machine/);
    expect(offline.stderr).toMatch(/✔ Image cache: none on this machine; --offline makes no new cache/);
    expect(offline.stderr).toMatch(/✔ Pull images: [^\n]*loaded [1-9]\d* from Docker/);
    expect((await docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(`${cachePrefix()}-`))).toEqual([]);
  });
});
