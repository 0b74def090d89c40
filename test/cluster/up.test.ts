/**
 * The real `devnet up` / `status` / `down` end to end against the test control plane; only kind and
 * docker are fakes (they record what they were asked).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FAULT_IMAGES } from '../controlplane/index.js';
import { devnetEnv, downAtEnd } from './support/devnet-env.js';
import { appendPodLog } from './support/pod-logs.js';
import { clusterKube, clusterKubeConfig, controlPlaneStateDir, currentContext, labelled } from './support/kube.js';
import { Watch } from '@kubernetes/client-node';
import { inject } from 'vitest';
import type { Json } from '../support/objects.js';
import { unique } from '../support/names.js';
import { expectSucceeded } from '../support/succeeded.js';


describe('devnet up on a substrate profile', () => {
  test('creates what render shows, waits until ready, and a second run changes nothing', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--seed', 'ci'];
    downAtEnd(env, args);

    const first = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`devnet ${name} is ready (2 validators`);
    // The next steps run as printed: on this devnet, not the default one.
    expect(first.stdout).toContain(`next: devnet status -p substrate --set name=${name} · devnet logs -f -p substrate --set name=${name} · devnet dashboard -p substrate --set name=${name}`);
    expect(first.stderr).toMatch(/✔ Validators: 2 validators ready/);
    // The steps' counts add up to the summary's: each step says what it applied itself.
    const counted = (re: RegExp, text: string) => (re.exec(text)?.slice(1, 3) ?? []).map(Number);
    const [configApplied = 0, configUnchanged = 0] = counted(/Configuration: (\d+) applied, (\d+) unchanged/, first.stderr);
    const [workloadsApplied = 0, workloadsUnchanged = 0] = counted(/Validators: 2 validators ready; (\d+) applied, (\d+) unchanged/, first.stderr);
    expect(workloadsApplied).toBeGreaterThan(0);
    expect(first.stdout).toContain(`${configApplied + workloadsApplied} objects applied, ${configUnchanged + workloadsUnchanged} unchanged`);

    const rendered = (JSON.parse((await env.devnet(['render', ...args, '-o', 'json', '--no-kind-config'])).stdout) as Json).items as Json[];
    const live = await labelled(name);
    for (const object of rendered) expect(live).toContain(`${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`);
    expect(live.filter((o) => o.startsWith('Pod ') && o.includes('/node-'))).toHaveLength(2);

    expect(first.stderr).toContain(`Cluster: created kind cluster ${name}`);

    const second = await env.devnet(['up', ...args, '--no-dashboard', '-o', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const ready = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
    expect(ready.unchanged).toBeGreaterThan(10);
    expect(second.stderr).toContain(`Cluster: reused kind cluster ${name}`);
  });

  test('a changed profile converges: one validator more, then one less', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    // versi-local has four dev authorities and GRANDPA needs three of them: three or four validators finalise.
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--seed', 'ci', '--set', 'substrate.args.chain=versi-local'];
    downAtEnd(env, [...args, '--validators', '3']);
    const first = await env.devnet(['up', ...args, '--validators', '3', '--no-dashboard']);
    expect(first.code, first.stderr).toBe(0);

    const more = await env.devnet(['up', ...args, '--validators', '4', '--no-dashboard']);
    expect(more.code, more.stderr).toBe(0);
    expect((await labelled(name)).filter((o) => o.startsWith('Namespace'))).toEqual(
      expect.arrayContaining([`Namespace /${name}-val-0`, `Namespace /${name}-val-1`, `Namespace /${name}-val-2`, `Namespace /${name}-val-3`]),
    );

    const fewer = await env.devnet(['up', ...args, '--validators', '3', '--no-dashboard']);
    expect(fewer.code, fewer.stderr).toBe(0);
    expect(fewer.stderr).toContain(`deleting namespace ${name}-val-3 (validators the profile no longer has)`);
    expect((await labelled(name)).filter((o) => o.startsWith('Namespace')).sort()).toEqual([0, 1, 2].map((i) => `Namespace /${name}-val-${i}`));
  });

  test('status lists every replica from the cluster; down removes everything and then has nothing to do', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    const args = ['-p', 'substrate', '--set', `name=${name}`];
    downAtEnd(env, args);
    expectSucceeded(await env.devnet(['up', ...args, '--no-dashboard']));

    const status = await env.devnet(['status', ...args]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${name} (substrate, context kind-${name}): 2/2 pods ready`);
    expect(status.stdout).toMatch(/validator-1\s+node\s+node-0\s+ready\s+1\/1\s+0\s+\S+\s+127\.0\.0\.1:30334/);
    const json = JSON.parse((await env.devnet(['status', ...args, '-o', 'json'])).stdout) as Json;
    expect(json.validators.map((v: Json) => v.components[0].ready)).toEqual([1, 1]);
    // Times are RFC 3339, as in every JSON devnet prints.
    expect(json.validators[0].components[0].pods[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    const down = await env.devnet(['down', ...args]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`Removed devnet ${name}: 2 namespaces.`);
    expect(await labelled(name)).toEqual([]);
    const again = await env.devnet(['down', ...args]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to remove');
  });

  test('an interrupted run leaves a state the next run converges from', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--seed', 'ci'];
    downAtEnd(env, args);
    const controller = new AbortController();
    // --wait-healthy waits for a log keyword nobody writes here, so the run is still going when it is interrupted.
    const interrupted = env.devnet(['up', ...args, '--no-dashboard', '--wait-healthy'], { signal: controller.signal });
    const started = Date.now();
    while (!(await labelled(name)).some((o) => o.startsWith('StatefulSet')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const result = await interrupted;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain(`Interrupted. Everything applied so far stays; run devnet up -p substrate --set name=${name} --seed ci`);
    // The workloads were applied before the interrupt, and stay.
    expect((await labelled(name)).filter((o) => o.startsWith('StatefulSet'))).toHaveLength(2);

    const resumed = await env.devnet(['up', ...args, '--no-dashboard']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await labelled(name)).filter((o) => o.startsWith('StatefulSet'))).toHaveLength(2);
  });

  test('deploys into an existing cluster with --context, without kind', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    const context = currentContext();
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--context', context, '--kubeconfig', inject('kubeconfig')];
    downAtEnd(env, args);
    const result = await env.devnet(['up', ...args, '--no-dashboard', '--validators', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Cluster: using context ${context}`);
    expect((await env.devnet(['list'])).stdout).not.toContain(`kind cluster ${name}`);
  });
});

describe('diagnosis', () => {
  test('an image that cannot be pulled fails fast with the pod, the reason and a hint', async () => {
    const env = devnetEnv();
    const name = unique('bad');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', `substrate.image=${FAULT_IMAGES.imagePull}/polkadot:nope`];
    downAtEnd(env, args);
    const result = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    expect(result.code).toBe(4);
    // It stops on the diagnosis, not because the deadline passed.
    expect(result.stderr).not.toContain('was not ready after');
    expect(result.stderr).toMatch(new RegExp(`${name}-val-0/node-0 cannot become ready: (ErrImagePull|ImagePullBackOff)`));
    expect(result.stderr).toContain('hint check the image name and tag; for an image built on this machine use devnet up --load-image IMAGE');
  });

  test('a crash loop is reported with the tail of the previous container\'s log', async () => {
    const env = devnetEnv();
    const name = unique('crash');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', `substrate.image=${FAULT_IMAGES.crashLoop}/polkadot:1`];
    downAtEnd(env, args);
    const result = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${name}-val-0/node-0 cannot become ready: CrashLoopBackOff`);
    expect(result.stderr).toContain('last lines of the previous container:');
    expect(result.stderr).toContain(`fatal: simulated crash (${FAULT_IMAGES.crashLoop})`);
  });

  test('a pod that never becomes ready ends at the deadline with what is still missing', async () => {
    const env = devnetEnv();
    const name = unique('slow');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', `substrate.image=${FAULT_IMAGES.neverReady}/polkadot:1`];
    downAtEnd(env, args);
    const result = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '8s']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The devnet was not ready after 8s.');
    expect(result.stderr).toContain(`${name}-val-0/node-0`);
  });
});

describe('devnet up on a codex profile', () => {
  test('starts the bootstrap node first, hands its address to the storage nodes, and a second up keeps it', async () => {
    const env = devnetEnv();
    const name = unique('codex');
    const args = ['-p', 'codex', '--set', `name=${name}`, '--set', 'codex.replicas=2'];
    downAtEnd(env, args);
    const up = env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    const k = clusterKube();
    const shared = `${name}-shared`;
    for (let i = 0; i < 300 && (await k.get('v1', 'Pod', shared, 'bootstrap-0')) === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    await appendPodLog(controlPlaneStateDir(), shared, 'bootstrap-0', 'bootstrap', ['INF Started codex node spr:CiUIAhIhA1kA7B9t2W0xtestbootstrapaddress']);
    const result = await up;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('bootstrap address spr:CiUIAhIhA1kA7B9t2W0xtestbootstrapaddress');
    const config = (await k.get('v1', 'ConfigMap', `${name}-val-0`, 'bootstrap')) as Json;
    expect(config.data.address).toBe('spr:CiUIAhIhA1kA7B9t2W0xtestbootstrapaddress');

    // A storage pod restarting during a second up reads the ConfigMap: it must never be blank.
    const seen: string[] = [];
    const watching = await new Watch(clusterKubeConfig()).watch(
      `/api/v1/namespaces/${name}-val-0/configmaps`,
      { fieldSelector: 'metadata.name=bootstrap' },
      (type: string, object: Json) => seen.push(`${type} ${String(object?.data?.address ?? '')}`),
      () => {},
    );
    const again = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    watching.abort();
    expect(again.code, again.stderr).toBe(0);
    expect(seen[0]).toBe('ADDED spr:CiUIAhIhA1kA7B9t2W0xtestbootstrapaddress');
    expect(seen.filter((event) => !event.endsWith(' spr:CiUIAhIhA1kA7B9t2W0xtestbootstrapaddress'))).toEqual([]);
  });
});

describe('local files and secrets', () => {
  test('state files live in a 0700 directory and no key material reaches the output', async () => {
    const env = devnetEnv();
    const name = unique('sub');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1'];
    downAtEnd(env, args);
    const result = await env.devnet(['up', ...args, '--no-dashboard', '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const dir = join(env.home, 'state', 'devnets', name);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const secret = (await clusterKube().get('v1', 'Secret', `${name}-val-0`, 'node-keys')) as Json;
    for (const value of Object.values(secret.data as Record<string, string>)) {
      const key = Buffer.from(value, 'base64').toString();
      expect(result.stdout).not.toContain(key);
      expect(result.stderr).not.toContain(key);
    }
  });
});
