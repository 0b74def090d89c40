/**
 * devnet bundle and --bundle-on-failure against devnets on the test control plane: what the
 * archive holds, that it says what it cut, and that no secret value of the devnet is anywhere in it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FAULT_IMAGES } from '../controlplane/index.js';
import type { Json } from '../support/objects.js';
import { unpack } from '../support/tarball.js';
import { devnetEnv, downAtEnd } from './support/devnet-env.js';
import { clusterKube, controlPlaneStateDir } from './support/kube.js';
import { appendPodLog, restartContainer } from './support/pod-logs.js';
import { unique } from '../support/names.js';
import { servingHostPorts } from '../support/grpc-health.js';
import { leaks, secretNeedles, type SecretNeedle } from '../support/secret-scan.js';


/** Needles for every Secret of the devnet's namespaces (test/support/secret-scan.ts); what its ConfigMaps hold is public. */
async function needlesOf(namespaces: string[]): Promise<SecretNeedle[]> {
  const kube = clusterKube();
  const list = async (kind: string) => (await Promise.all(namespaces.map(async (namespace) => (await kube.list('v1', kind, { namespace })).items))).flat();
  return secretNeedles(await list('Secret'), (await list('ConfigMap')).map((c) => JSON.stringify(c.data ?? {})));
}

describe('devnet bundle', () => {
  test('holds status, pods, logs and previous logs, events, objects, profile, versions, timings and kind node logs; says what it cut; no key material', async () => {
    const env = devnetEnv();
    const name = unique('bdl');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=2', '--seed', 'bundle-seed'];
    downAtEnd(env, args);
    const up = await env.devnet(['up', ...args, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(0);
    const ns = `${name}-val-0`;
    const needles = await needlesOf([ns]);
    expect(needles.filter((n) => n.origin.includes('node-keys:node-key-')).length).toBeGreaterThan(4);
    const nodeKey = Buffer.from(((await clusterKube().get('v1', 'Secret', ns, 'node-keys')) as Json).data['node-key-0'], 'base64').toString();
    // A node that prints its key (it should not, but the bundle must not carry it on).
    await appendPodLog(controlPlaneStateDir(), ns, 'node-0', 'node', ['before the restart', `loaded node key ${nodeKey}`]);
    await restartContainer(controlPlaneStateDir(), ns, 'node-0', 'node');
    await appendPodLog(controlPlaneStateDir(), ns, 'node-0', 'node', ['after the restart']);
    await appendPodLog(controlPlaneStateDir(), ns, 'node-1', 'node', Array.from({ length: 2100 }, (_, i) => `line ${i}`));

    const out = join(env.home, 'bundle.tar.gz');
    const result = await env.devnet(['bundle', ...args, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // A relative --out lands under the directory devnet runs in, the directories on the way made.
    const relative = await env.devnet(['bundle', ...args, '--out', 'evidence/today/b.tar.gz'], { cwd: env.home });
    expect(relative.code, relative.stderr).toBe(0);
    expect(relative.stdout.trim()).toBe(join(env.home, 'evidence', 'today', 'b.tar.gz'));
    expect(statSync(join(env.home, 'evidence', 'today', 'b.tar.gz')).isFile()).toBe(true);
    const files = await unpack(out);
    const root = `devnet-${name}`;
    const names = [...files.keys()].map((f) => f.slice(root.length + 1));
    expect(names).toEqual(expect.arrayContaining([
      'README.txt', 'status.json', `pods/${ns}/node-0.json`, `pods/${ns}/node-1.json`, `logs/${ns}/node-0/node.log`, `logs/${ns}/node-0/node.previous.log`,
      `logs/${ns}/node-1/node.log`, 'events.json', 'objects.yaml', 'profile.yaml', 'versions.json', 'timings.json', 'kind/kind-version.txt', `kind/${name}-control-plane/kubelet.log`,
    ]));
    const file = (n: string) => files.get(`${root}/${n}`) ?? '';
    expect(JSON.parse(file('status.json')).validators[0].components[0].pods.map((p: Json) => p.state)).toEqual(['ready', 'ready']);
    const pod = JSON.parse(file(`pods/${ns}/node-0.json`));
    expect(pod.status.containerStatuses[0].restartCount).toBe(1);
    expect(pod.status.conditions.map((c: Json) => c.type)).toContain('Ready');
    expect(file(`logs/${ns}/node-0/node.previous.log`)).toContain('before the restart');
    expect(file(`logs/${ns}/node-0/node.log`)).toContain('after the restart');
    expect(file(`logs/${ns}/node-0/node.previous.log`)).toContain('loaded node key [REDACTED]');
    expect(file(`logs/${ns}/node-1/node.log`)).not.toContain('line 99\n');
    expect(file(`logs/${ns}/node-1/node.log`)).toContain('line 2099');
    expect(file('README.txt')).toContain(`logs/${ns}/node-1/node.log: the last 2000 lines`);
    expect(file('README.txt')).toContain('What was cut (limits:');
    expect(file('objects.yaml')).toMatch(/kind: Secret[\s\S]*node-key-0: REDACTED \(64 bytes\)/);
    expect(file('profile.yaml')).toContain('seed: REDACTED (keys are derived from it)');
    expect(JSON.parse(file('versions.json'))).toMatchObject({ prerequisites: { 'cert-manager': expect.any(String), 'scylla-operator': expect.any(String) } });
    expect(JSON.parse(file('timings.json')).lastUp.phases.map((p: Json) => p.name)).toContain('validators');
    expect(file('events.json')).toContain('"reason"');

    for (const [path, text] of files) expect(leaks(text, needles), path).toEqual([]);
  });

  test('up --bundle-on-failure writes the bundle with why up failed; check --bundle-on-failure too', async () => {
    const env = devnetEnv();
    const name = unique('bdl');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1'];
    downAtEnd(env, args);
    const failing = join(env.home, 'up-failure.tar.gz');
    const up = await env.devnet(['up', ...args, '--set', `substrate.image=${FAULT_IMAGES.crashLoop}/polkadot:1`, '--no-dashboard', '--timeout', '120', '--bundle-on-failure', failing]);
    expect(up.code).toBe(4);
    const files = await unpack(failing);
    const failure = files.get(`devnet-${name}/failure.txt`) ?? '';
    expect(failure).toContain(`${name}-val-0/node-0 cannot become ready: CrashLoopBackOff`);
    expect(files.get(`devnet-${name}/logs/${name}-val-0/node-0/node.previous.log`)).toContain(`fatal: simulated crash (${FAULT_IMAGES.crashLoop})`);

    const checked = join(env.home, 'check-failure.tar.gz');
    const check = await env.devnet(['check', ...args, '--no-builtin', '--log', 'node:never logged', '--within', '2s', '--bundle-on-failure', checked]);
    expect(check.code).toBe(6);
    expect(check.stderr).toContain(`everything needed to debug it offline is in ${checked}`);
    expect([...(await unpack(checked)).keys()]).toContain(`devnet-${name}/README.txt`);
  });
});

describe('devnet bundle of a Linera devnet', () => {
  test('holds no validator secret, wallet or keystore, in any encoding or fragment, even when a pod printed them', { timeout: 300_000 }, async () => {
    const env = devnetEnv();
    const name = unique('bdl');
    const base = await servingHostPorts(2);
    const args = ['-p', 'linera-light', '--set', `name=${name}`, '--validators', '2', '--seed', 'bundle-seed', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=2'];
    downAtEnd(env, args);
    const up = await env.devnet(['up', ...args, '--skip-preflight', '--no-dashboard', '--timeout', '240']);
    expect(up.code, up.stderr).toBe(0);

    const needles = await needlesOf([`${name}-shared`, `${name}-val-0`, `${name}-val-1`]);
    // The validator's server config (with its signing key), the wallet and the keystore are all searched for.
    const origins = needles.map((n) => n.origin).join('\n');
    for (const field of ['validator-config:serverConfig', ':wallet', ':keystore']) expect(origins).toContain(field);

    // A proxy that prints its validator's key, re-encoded and cut across two lines (it should not).
    const key = needles.find((n) => n.origin.includes('validator-config:serverConfig') && n.origin.endsWith('(upper-case hex)'));
    expect(key, origins).toBeDefined();
    const printed = key?.text ?? '';
    await appendPodLog(controlPlaneStateDir(), `${name}-val-0`, 'proxy-0', 'proxy', [`key ${printed}`, `key part ${printed.slice(0, 24)}`, `and ${printed.slice(24)}`]);

    const out = join(env.home, 'bundle.tar.gz');
    const result = await env.devnet(['bundle', ...args, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const files = await unpack(out);
    expect([...files.keys()].some((path) => path.endsWith(`logs/${name}-val-0/proxy-0/proxy.log`))).toBe(true);
    for (const [path, text] of files) expect(leaks(text, needles), path).toEqual([]);
  });
});
