/**
 * devnet as a user runs it from a shell: the real executable (bin/devnet.js) interrupted with
 * SIGINT at several points of `up`, the listr2 progress in a pseudo-terminal (util-linux
 * `script`), `status --watch` following changes, and `--use-context`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { Kube, type LiveObject } from '../../src/kube/client.js';
import { liveCli } from '../support/live-cli.js';
import { ROOT } from '../support/profiles.js';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { clusterKube, controlPlaneStateDir, labelled } from './support/kube.js';
import { restartContainer } from './support/pod-logs.js';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { unique } from '../support/names.js';
import { expectSucceeded } from '../support/succeeded.js';


beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');
});

function substrate(base: number, extra: string[] = []) {
  const env = devnetEnv();
  const name = unique('term');
  const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=2', '--set', `substrate.ports.p2p.nodePort.base=${base}`, '--set', `substrate.ports.rpc.nodePort.base=${base + 50}`, '--seed', 'ci', ...extra];
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
  return { env, name, args };
}

describe('Ctrl-C during up', () => {
  test('SIGINT at several points ends with 130 and the next up converges', { timeout: 300_000 }, async () => {
    const { env, name, args } = substrate(31500);
    // Each point is reached before the run can finish. The last run also waits for the nodes'
    // log keyword, which nobody writes here: KWOK starts pods faster than a signal can follow a
    // line about them, but this wait lasts until the interrupt.
    const points: { point: string | RegExp; extra: string[] }[] = [
      { point: '> Network', extra: [] },
      { point: '> Keys and genesis', extra: [] },
      { point: '> Configuration', extra: [] },
      { point: /0\/2 healthy/, extra: ['--wait-healthy'] },
    ];
    let before: string[] = [];
    for (const { point, extra } of points) {
      const run = spawnDevnet(env, ['up', ...args, '--no-dashboard', ...extra]);
      await run.waitFor(point);
      run.signal('SIGINT');
      const code = await run.exited;
      expect(code, run.output()).toBe(130);
      expect(run.output()).toMatch(new RegExp(`Interrupted\\. Everything applied so far stays; run devnet up -p substrate --set name=${name} .*--seed ci .*again to continue from there\\.`));
      expect(run.output()).not.toMatch(/\n\s+at .*\.js:\d+/);
      // What was applied before the interrupt stays: the claim's namespace from the first run on, then more.
      const applied = await labelled(name);
      expect(applied).toContain(`Namespace /${name}-val-0`);
      expect(applied).toEqual(expect.arrayContaining(before));
      before = applied;
    }
    expect(before).toEqual(expect.arrayContaining([`StatefulSet ${name}-val-0/node`, `Pod ${name}-val-0/node-0`, `Pod ${name}-val-0/node-1`]));
    const resumed = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`devnet ${name} is ready`);
    const again = await env.devnet(['up', ...args, '--no-dashboard', '-o', 'json']);
    const ready = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
    const pods = (await clusterKube().list('v1', 'Pod', { labelSelector: `app.kubernetes.io/instance=${name}` })).items.map((p) => p.metadata.name).sort();
    expect(pods).toEqual(['node-0', 'node-1']);
  });
});

describe('in a terminal', () => {
  test('up shows its steps with the listr2 renderer, then the summary', { timeout: 180_000 }, async () => {
    const { env, name, args } = substrate(31520);
    const run = spawnDevnet(env, ['up', ...args, '--no-dashboard'], 'sized');
    const code = await run.exited;
    const output = run.output();
    expect(code, output).toBe(0);
    // listr2's renderer redraws in place (cursor up, erase line) and marks finished steps with ✔.
    const ESC = String.fromCharCode(27);
    expect([`${ESC}[2K`, `${ESC}[1A`, `${ESC}[G`].some((sequence) => output.includes(sequence))).toBe(true);
    expect(output).toMatch(/✔.*Cluster.*created kind cluster/);
    expect(output).toMatch(/✔.*Validators.*1 validator ready/);
    // The plain renderer's lines ("> Cluster") are not used in a terminal.
    expect(withoutAnsi(output)).not.toContain('> Cluster');
    expect(output).toContain(`devnet ${name} is ready`);

    // A pseudo-terminal nobody sized has no width: plain lines, not listr2 one character wide.
    const unsized = spawnDevnet(env, ['up', ...args, '--no-dashboard'], 'unsized');
    expect(await unsized.exited, unsized.output()).toBe(0);
    expect(withoutAnsi(unsized.output())).toContain('> Cluster\r\n');
    expect(withoutAnsi(unsized.output())).toContain('✔ Validators: 1 validator ready');
  });
});

describe('Ctrl-C in a terminal', () => {
  test('during up says what stays and how to continue, ends with 130, and gives the cursor back', { timeout: 180_000 }, async () => {
    const { env, name, args } = substrate(31580);
    const run = spawnDevnet(env, ['up', ...args, '--no-dashboard'], 'sized');
    await run.waitFor(/Keys and genesis|Configuration/);
    run.write('\u0003'); // what the terminal sends for Ctrl-C
    const code = await run.exited;
    const output = run.output();
    expect(code, withoutAnsi(output)).toBe(130);
    expect(withoutAnsi(output)).toMatch(new RegExp(`Interrupted\\. Everything applied so far stays; run devnet up -p substrate --set name=${name} .*--seed ci again to continue from there\\.`));
    // The claim, before the step it was interrupted in, was applied and stays.
    expect(await labelled(name)).toContain(`Namespace /${name}-val-0`);
    // listr2 hid the cursor while it drew; the last word on the cursor shows it again.
    const ESC = String.fromCharCode(27);
    expect(output.lastIndexOf(`${ESC}[?25h`)).toBeGreaterThan(output.lastIndexOf(`${ESC}[?25l`));
  });
});

describe('the dashboard in a terminal', () => {
  test('q leaves the devnet running, and the parting line names the commands for this devnet', { timeout: 180_000 }, async () => {
    const { env, name, args } = substrate(31600);
    expectSucceeded(await env.devnet(['up', ...args, '--no-dashboard']));
    const run = spawnDevnet(env, ['dashboard', ...args], 'sized');
    await run.waitFor('2/2 pods ready');
    run.write('q');
    expect(await run.exited, withoutAnsi(run.output())).toBe(0);
    // Without the flags, `devnet dashboard` would open the default devnet, not this one.
    expect(withoutAnsi(run.output()).replace(/\r?\n/g, ' ')).toContain(`The devnet keeps running: devnet dashboard -p substrate --set name=${name} `);
  });
});

describe('status --watch', () => {
  test('prints again when a container restarts, and Ctrl-C ends it with 130 as it ends every command', { timeout: 180_000 }, async () => {
    const { env, name, args } = substrate(31540);
    expectSucceeded(await env.devnet(['up', ...args, '--no-dashboard']));
    const watch = liveCli(['status', ...args, '--watch', '-o', 'json'], env.env);
    await watch.waitFor('"node-1"');
    const lines = () => watch.stdout().trim().split('\n').map((l) => JSON.parse(l) as Json);
    const podsOf = (view: Json) => view.validators.flatMap((v: Json) => v.components.flatMap((c: Json) => c.pods)) as Json[];
    const node0 = (view: Json) => podsOf(view).find((p) => p.name === 'node-0');
    expect(node0(lines()[0])).toMatchObject({ state: 'ready', restarts: 0 });
    // node-0's container restarts, as a kubelet reports it: status prints it without being asked.
    const container = (await clusterKube().get<LiveObject & { spec: { containers: { name: string }[] } }>('v1', 'Pod', `${name}-val-0`, 'node-0'))?.spec.containers[0]?.name ?? '';
    await restartContainer(controlPlaneStateDir(), `${name}-val-0`, 'node-0', container);
    await watch.waitFor(() => lines().some((view) => node0(view)?.restarts === 1));
    expect(lines().length).toBeGreaterThan(1);
    expect(await watch.interrupt()).toBe(130);
    expect(watch.stderr()).toBe(`Stopped watching devnet ${name}.\n`);
    expect(lines().at(-1)).toMatchObject({ event: 'end', status: 'interrupted', exitCode: 130 });
  });
});

describe('--use-context', () => {
  test('makes the kind cluster the current context of the user\'s kubeconfig, and only then', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnet-kubeconfig-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const kubeconfig = join(dir, 'config');
    const { env, name, args } = substrate(31560);
    const plain = await env.devnet(['up', ...args, '--no-dashboard'], { env: { KUBECONFIG: kubeconfig } });
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(plain.stdout).toContain('export KUBECONFIG=');

    const switched = await env.devnet(['up', ...args, '--no-dashboard', '--use-context'], { env: { KUBECONFIG: kubeconfig } });
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain(`kubectl now uses context kind-${name}`);
    expect(switched.stdout).not.toContain('export KUBECONFIG=');
    expect((parse(readFileSync(kubeconfig, 'utf8')) as Json)['current-context']).toBe(`kind-${name}`);
    const viaUserConfig = Kube.connect({ kubeconfig });
    expect((await viaUserConfig.get('v1', 'Namespace', undefined, `${name}-val-0`))?.metadata.name).toBe(`${name}-val-0`);
  });
});
