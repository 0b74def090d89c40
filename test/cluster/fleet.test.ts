/**
 * Many devnets: two side by side in one cluster, a clash refused before anything is applied,
 * up --ttl, devnet list, and devnet gc removing only what expired while another devnet is mid-up.
 * On this tier every kind "cluster" is the one test control plane (the fake kind), so devnets
 * given different ports never meet, as on real kind where each has its own cluster.
 */
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { removeNamespaces } from '../../src/tasks/up/teardown.js';
import { FAULT_IMAGES } from '../controlplane/index.js';
import type { Json } from '../support/objects.js';
import { devnetEnv, type DevnetEnv } from './support/devnet-env.js';
import { unique } from '../support/names.js';
import { clusterKube, currentContext } from './support/kube.js';

const context = () => currentContext();
const shared = () => ['--context', context(), '--kubeconfig', inject('kubeconfig')];

/** A one-node substrate devnet whose P2P NodePort is `port` and whose RPC NodePort is `port + 500`. */
function substrate(name: string, port: number): string[] {
  return ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', `substrate.ports.p2p.nodePort.base=${port}`, '--set', `substrate.ports.rpc.nodePort.base=${port + 500}`];
}

/** Removes the devnet's namespaces at the end, whatever the test did to its kind cluster. */
function cleanUp(...names: string[]) {
  onTestFinished(async () => {
    for (const name of names) await removeNamespaces(clusterKube(), name, AbortSignal.timeout(60_000), () => undefined);
  });
}

async function namespaces(devnet: string): Promise<string[]> {
  return (await clusterKube().list('v1', 'Namespace', { labelSelector: `app.kubernetes.io/instance=${devnet}` })).items.map((n) => n.metadata.name);
}

async function up(env: DevnetEnv, args: string[]) {
  const result = await env.devnet(['up', ...args, '--no-dashboard', '--skip-preflight', '--timeout', '120']);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('devnet list', () => {
  test('counts the replicas a failed up never created: a Codex devnet stuck at its bootstrap node is not ready', { timeout: 120_000 }, async () => {
    const env = devnetEnv();
    const name = unique('lst');
    cleanUp(name);
    const args = ['-p', 'codex', '--set', `name=${name}`, '--set', 'codex.replicas=2', ...shared()];
    // The bootstrap node never logs its address here, so up gives up with the storage nodes never created.
    const failed = await env.devnet(['up', ...args, '--no-dashboard', '--skip-preflight', '--timeout', '20']);
    expect(failed.code).toBe(4);
    const planned = (JSON.parse((await env.devnet(['plan', ...args.slice(0, 6), '-o', 'json'])).stdout) as Json).replicas.length;
    expect(planned).toBeGreaterThan(1);
    const row = (JSON.parse((await env.devnet(['list', ...shared(), '-o', 'json'])).stdout) as Json).devnets.find((d: Json) => d.name === name);
    expect([row.ready, row.total]).toEqual([1, planned]);
    const table = await env.devnet(['list', ...shared()]);
    expect(table.stdout).toMatch(new RegExp(`${name} .* 1/${planned}\\n`));
  });
});

describe('devnets side by side', () => {
  test('two devnets share a cluster; a third that would take a NodePort of one is refused, naming it, before anything is applied', async () => {
    const env = devnetEnv();
    const [a, b, c] = [unique('sbs'), unique('sbs'), unique('sbs')];
    cleanUp(a, b, c);
    await up(env, [...substrate(a, 31010), ...shared()]);
    await up(env, [...substrate(b, 31020), ...shared()]);
    const status = JSON.parse((await env.devnet(['status', ...substrate(a, 31010), ...shared(), '-o', 'json'])).stdout) as Json;
    expect(status.validators[0].components[0].ready).toBe(1);

    const refused = await env.devnet(['up', ...substrate(c, 31020), ...shared(), '--no-dashboard']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Devnet ${c} would clash with devnet ${b} in ${context()}; nothing was applied.`);
    expect(refused.stderr).toContain(`devnet ${b} already uses NodePorts 31020, 31520\n`);
    expect(refused.stderr).toContain('hint give this profile other ports');
    expect(await namespaces(c)).toEqual([]);

    const list = JSON.parse((await env.devnet(['list', ...shared(), '-o', 'json'])).stdout) as Json;
    expect(list.devnets.filter((d: Json) => [a, b].includes(d.name)).map((d: Json) => [d.name, d.ready, d.total, d.expiresAt])).toEqual(
      expect.arrayContaining([[a, 1, 1, null], [b, 1, 1, null]]),
    );
    // Times are RFC 3339, as in every JSON devnet prints.
    expect(list.devnets.find((d: Json) => d.name === a).createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  test('a namespace that another owner already has is refused, naming it', async () => {
    const env = devnetEnv();
    const name = unique('own');
    cleanUp(name);
    await clusterKube().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${name}-val-0` } });
    onTestFinished(async () => {
      await clusterKube().delete('v1', 'Namespace', undefined, `${name}-val-0`);
    });
    const refused = await env.devnet(['up', ...substrate(name, 31030), ...shared(), '--no-dashboard']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`namespace ${name}-val-0 (not made by devnet) already uses namespace ${name}-val-0`);
  });
});

describe('up --ttl, list and gc', () => {
  test('gc removes only the expired devnets, while another devnet is mid-up; a terminal-less run acts, --dry-run only tells', async () => {
    const env = devnetEnv();
    const [expiredKind, expiredShared, kept, starting] = [unique('exk'), unique('exs'), unique('kpt'), unique('mid')];
    cleanUp(expiredKind, expiredShared, kept, starting);
    await up(env, [...substrate(expiredKind, 31110), '--ttl', '1s']);
    await up(env, [...substrate(expiredShared, 31120), ...shared(), '--ttl', '1s']);
    await up(env, [...substrate(kept, 31130), ...shared()]);
    const controller = new AbortController();
    const midUp = env.devnet(['up', ...substrate(starting, 31140), '--set', `substrate.image=${FAULT_IMAGES.neverReady}/polkadot:1`, '--ttl', '1h', '--no-dashboard', '--skip-preflight', '--timeout', '300'], { signal: controller.signal });
    onTestFinished(async () => {
      controller.abort();
      await midUp;
    });
    for (let i = 0; i < 300 && (await clusterKube().list('apps/v1', 'StatefulSet', { namespace: `${starting}-val-0` })).items.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1200));

    const listed = JSON.parse((await env.devnet(['list', ...shared(), '-o', 'json'])).stdout) as Json;
    const byName = new Map(listed.devnets.map((d: Json) => [d.name, d]));
    expect(byName.get(expiredKind)).toMatchObject({ provider: 'kind', where: expiredKind, expired: true });
    expect(byName.get(expiredShared)).toMatchObject({ provider: 'existing', expired: true });
    expect(byName.get(kept)).toMatchObject({ expired: false, expiresAt: null, ready: 1, total: 1 });
    expect(byName.get(starting)).toMatchObject({ expired: false, ready: 0 });
    const text = await env.devnet(['list', ...shared()]);
    expect(text.stdout).toMatch(new RegExp(`${expiredShared} +substrate +context ${context()} +\\S+ +expired \\S+ ago +1/1`));
    expect(text.stdout).toMatch(new RegExp(`${starting} +substrate +kind cluster ${starting} +\\S+ +in (59m|60m|1h) +0/[01]`));

    const dry = await env.devnet(['gc', ...shared(), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`Would remove (${expiredKind}, ${expiredShared}|${expiredShared}, ${expiredKind}); run devnet gc --yes`));
    expect(await namespaces(expiredShared)).toEqual([`${expiredShared}-val-0`]);

    const gc = await env.devnet(['gc', ...shared(), '-o', 'json']);
    expect(gc.code, gc.stderr).toBe(0);
    const result = JSON.parse(gc.stdout.trim().split('\n').at(-1) ?? '{}') as Json;
    expect(result.removed.sort()).toEqual([expiredKind, expiredShared].sort());
    expect(result.kept).toEqual(expect.arrayContaining([kept, starting]));
    expect(await namespaces(expiredShared)).toEqual([]);
    expect(await namespaces(expiredKind)).toEqual([]);
    expect(await namespaces(kept)).toEqual([`${kept}-val-0`]);
    expect(await namespaces(starting)).toEqual([`${starting}-val-0`]);
    expect((await clusterKube().list('apps/v1', 'StatefulSet', { namespace: `${starting}-val-0` })).items).toHaveLength(1);

    const again = await env.devnet(['gc', ...shared()]);
    expect(again.stdout).toContain('Nothing expired.');
  });

  test('a kind cluster devnet made goes as a whole when its only devnet has expired', async () => {
    const env = devnetEnv();
    const name = unique('exc');
    cleanUp(name);
    await up(env, [...substrate(name, 31210), '--ttl', '1s']);
    await new Promise((r) => setTimeout(r, 1200));
    const gc = await env.devnet(['gc', '--yes']);
    expect(gc.code, gc.stderr).toBe(0);
    expect(gc.stderr).toContain(`deleting kind cluster ${name} (every devnet in it expired)`);
    expect((await env.devnet(['list'])).stdout).not.toContain(name);
  });
});
