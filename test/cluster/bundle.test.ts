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


/** Every value of every Secret in the devnet's namespaces, decoded and as stored (base64). */
async function secretValues(namespaces: string[]): Promise<string[]> {
  const kube = clusterKube();
  const values: string[] = [];
  for (const namespace of namespaces) {
    for (const secret of (await kube.list('v1', 'Secret', { namespace })).items) {
      for (const encoded of Object.values((secret.data as Record<string, string> | undefined) ?? {})) {
        values.push(encoded, Buffer.from(encoded, 'base64').toString('utf8'));
      }
    }
  }
  return values.filter((v) => v.length >= 12);
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
    const secrets = await secretValues([ns]);
    expect(secrets.length).toBeGreaterThan(4);
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

    for (const [path, text] of files) for (const secret of secrets) expect(text.includes(secret), `${path} holds a secret value`).toBe(false);
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
