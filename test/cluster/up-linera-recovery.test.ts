/**
 * What a second `devnet up` does to a Linera network that already runs: a missing Secret or
 * ConfigMap is restored and the storage stays; only a real change of the committee makes a new
 * network, and only after the user said so; a prerequisite that lost a part is repaired.
 */
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { UPSTREAM_DIR } from '../support/upstream.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { deleteOperatorWebhooks } from './support/standins/index.js';
import { withStandins } from './support/standins/with-standins.js';
import { unique } from '../support/names.js';
import { clusterKube } from './support/kube.js';
import { servingHostPorts } from '../support/grpc-health.js';
import { expectSucceeded } from '../support/succeeded.js';


async function lineraDevnet(seed: string[]) {
  await deleteOperatorWebhooks(inject('kubeconfig'));
  await withStandins();
  const env = devnetEnv();
  const name = unique('lr');
  const base = await servingHostPorts(3);
  const args = ['-p', 'linera', '--set', `name=${name}`, '--validators', '2', ...seed, '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=3'];
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
  const upArgs = (extra: string[] = []) => ['up', ...args, '--manifests-dir', UPSTREAM_DIR, '--skip-preflight', '--no-dashboard', '--timeout', '240', ...extra];
  const up = (extra: string[] = []) => env.devnet(upArgs(extra));
  return { env, name, up, upArgs, ns: (v: number) => `${name}-val-${v}` };
}

async function uids(name: string): Promise<Record<string, string>> {
  const k = clusterKube();
  const namespaces = (await k.list('v1', 'Namespace', { labelSelector: `app.kubernetes.io/instance=${name}` })).items;
  const scylla = await k.get('scylla.scylladb.com/v1', 'ScyllaCluster', `${name}-shared`, 'scylla');
  return Object.fromEntries([...namespaces.map((n) => [n.metadata.name, n.metadata.uid ?? '']), ['scylla', scylla?.metadata.uid ?? '']]);
}

const serverConfig = async (ns: string) => ((await clusterKube().get('v1', 'Secret', ns, 'validator-config')) as Json | undefined)?.data?.serverConfig as string | undefined;

describe('a second up on a running Linera network', () => {
  test('restores a deleted validator Secret, genesis ConfigMap and state Secret, and keeps the storage', { timeout: 600_000 }, async () => {
    const { env, name, up, ns } = await lineraDevnet(['--seed', '42']);
    const first = await up();
    expect(first.code, first.stderr).toBe(0);
    const before = await uids(name);
    const secret = await serverConfig(ns(1));
    expect(secret).toBeDefined();

    await clusterKube().delete('v1', 'Secret', ns(1), 'validator-config');
    const restored = await up();
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain(`restoring Secret ${ns(1)}/validator-config from the seed (checked against the committee in the cluster)`);
    expect(restored.stderr).not.toContain('deleting namespace');
    expect(await serverConfig(ns(1))).toBe(secret);
    expect(await uids(name)).toEqual(before);

    const toolRuns = env.toolRuns().length;
    await clusterKube().delete('v1', 'ConfigMap', ns(0), 'genesis');
    await clusterKube().delete('v1', 'Secret', ns(0), 'devnet-state');
    const again = await up();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`restoring ConfigMap ${ns(0)}/genesis from the copy in ${ns(1)}`);
    expect(again.stderr).toContain(`restoring Secret ${ns(0)}/devnet-state from the validators' Secrets and genesis`);
    const genesis = async (v: number) => ((await clusterKube().get('v1', 'ConfigMap', ns(v), 'genesis')) as Json).data['genesis.json'] as string;
    expect(await genesis(0)).toBe(await genesis(1));
    expect(await uids(name)).toEqual(before);
    // With a seed the wallet comes back from it (made again); the genesis in the cluster decides whether it may.
    expect(env.toolRuns().length).toBeGreaterThan(toolRuns);

    const quiet = await up(['-o', 'json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    const ready = quiet.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
  });

  test('without a seed a lost signing key is named with what to do, and nothing is deleted', { timeout: 600_000 }, async () => {
    const { env, name, up, ns } = await lineraDevnet([]);
    expectSucceeded(await up());
    const before = await uids(name);
    const toolRuns = env.toolRuns().length;
    await clusterKube().delete('v1', 'Secret', ns(1), 'validator-config');
    const result = await up();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`missing: Secret ${ns(1)}/validator-config (validator-1's server config and signing key)`);
    expect(result.stderr).toContain('devnet does not make a new network on its own, because that deletes every validator\'s storage');
    // Both commands carry the flags this up was given (linera, the default profile, needs no -p).
    expect(result.stderr).toMatch(new RegExp(`hint restore what is missing \\(kubectl --kubeconfig \\S+ apply -f a backup\\), or start a new network: devnet down --set name=${name} [^,]*, then devnet up --set name=${name} `));
    expect(result.stderr).not.toMatch(/Trace|at .*\.ts:\d+/);
    expect(await uids(name)).toEqual(before);
    expect(env.toolRuns()).toHaveLength(toolRuns);
  });

  test('a new committee is refused without a terminal, replaces the network with --yes; a lost webhook is re-applied', { timeout: 600_000 }, async () => {
    const { env, name, up, upArgs, ns } = await lineraDevnet(['--seed', '7']);
    expectSucceeded(await up());
    const before = await uids(name);
    const toolRuns = env.toolRuns().length;

    const refused = await up(['--validators', '3']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Network: the committee changed: 3 validators instead of 2: needs a new network');
    expect(refused.stderr).toContain(`devnet ${name}: the committee changed: 3 validators instead of 2. A new network needs a new genesis, so its validators and their storage must be deleted first`);
    expect(refused.stderr).toMatch(new RegExp(`hint run devnet up --yes --set name=${name} .*--validators 3 --seed 7 to replace the network, or undo the change to the profile to keep the one running`));
    expect(await uids(name)).toEqual(before);
    expect(env.toolRuns()).toHaveLength(toolRuns);

    // In a terminal it asks; anything but yes changes nothing.
    const asked = spawnDevnet(env, upArgs(['--validators', '3']), 'sized');
    await asked.waitFor('Delete them and start a new network? [y/N]');
    asked.write('n\r');
    expect(await asked.exited, asked.output()).toBe(1);
    expect(withoutAnsi(asked.output())).toContain('Nothing was changed: the network keeps running as it was.');
    expect(await uids(name)).toEqual(before);

    await clusterKube().delete('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', undefined, 'scylla-operator');
    const replaced = await up(['--validators', '3', '--yes']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toContain('scylla-operator v1.21.1 is recorded as installed, but ValidatingWebhookConfiguration scylla-operator is missing: applying its manifest again');
    expect(replaced.stderr).toContain('Deleting them (--yes).');
    expect(replaced.stderr).toContain('Keys and genesis: generated with linera-server and linera (Docker)');
    const after = await uids(name);
    expect(after[ns(0)]).toBeDefined();
    expect(after[ns(0)]).not.toBe(before[ns(0)]);
    expect(after[ns(2)]).toBeDefined();
    expect(env.toolRuns().length).toBeGreaterThan(toolRuns);
  });
});

describe('a new seed on a running Linera network', () => {
  test('replaces the network with --yes; interrupted while the old one is deleted, the next up finishes the new one', { timeout: 600_000 }, async () => {
    const { env, name, up, upArgs, ns } = await lineraDevnet(['--seed', '7']);
    expectSucceeded(await up());
    const before = await uids(name);
    const oldKey = await serverConfig(ns(0));

    const refused = await up(['--seed', '8']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the seed changed');
    expect(await uids(name)).toEqual(before);

    // The reset deletes the old validators first; Ctrl-C once that has begun.
    const controller = new AbortController();
    const interrupted = env.devnet(upArgs(['--seed', '8', '--yes']), { signal: controller.signal });
    const k = clusterKube();
    const deleting = async () => {
      const namespace = await k.get('v1', 'Namespace', undefined, ns(1));
      return namespace === undefined || namespace.metadata.uid !== before[ns(1)] || namespace.metadata.deletionTimestamp !== undefined;
    };
    const started = Date.now();
    while (!(await deleting()) && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 20));
    expect(await deleting()).toBe(true);
    controller.abort();
    const stopped = await interrupted;
    expect(stopped.code, stopped.stderr).toBe(130);

    const resumed = await up(['--seed', '8', '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = await uids(name);
    for (const v of [0, 1]) expect(after[ns(v)]).toBeDefined();
    expect(after[ns(0)]).not.toBe(before[ns(0)]);
    expect(await serverConfig(ns(0))).not.toBe(oldKey);
    // And it stays: the next up with the new seed changes nothing of the network.
    const again = await up(['--seed', '8']);
    expect(again.code, again.stderr).toBe(0);
    expect(await uids(name)).toEqual(after);
  });
});
