/**
 * The dashboard's fault keys against the test control plane: a key asks first, y stops a validator
 * through the real StatefulSet controller, the chaos record marks its row; a fault made by
 * `devnet chaos` in another process shows up too, and C takes everything out.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { Kube, type LiveObject } from '../../src/kube/client.js';
import { commandLines } from '../../src/output/command-line.js';
import { clusterSource } from '../../src/tasks/dashboard.js';
import { loadProfile } from '../../src/tasks/load-profile.js';
import { devnetEnv } from './support/devnet-env.js';
import { showDashboard, untilScreen } from './support/screen.js';

const DOWN = '\u001B[B';
const rowOf = (text: string, label: string) => text.split('\n').find((l) => new RegExp(`[▸▾ ] . ${label}\\b`).test(l)) ?? '';
const footer = (text: string) => text.split('\n').at(-1) ?? '';

describe('fault keys in the dashboard on a running devnet', () => {
  test('S asks, n does nothing, y stops validator-0 and its row is marked; a fault from another process shows; C clears all', async () => {
    const env = devnetEnv();
    const name = `dchaos-${randomBytes(2).toString('hex')}`;
    const flags = ['-p', 'substrate', '--set', `name=${name}`, '--set', 'substrate.replicas=1', '--validators', '2'];
    onTestFinished(async () => {
      await env.devnet(['down', ...flags]);
    });
    const up = await env.devnet(['up', ...flags, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(0);

    const controller = new AbortController();
    const selection = { profile: 'substrate', set: [`name=${name}`, 'substrate.replicas=1'], validators: 2 };
    const loaded = await loadProfile(selection, process.cwd());
    const kubeconfig = inject('kubeconfig');
    const kube = Kube.connect({ kubeconfig });
    // An existing cluster to devnet: stop, start and kill go through the API; no kind node is asked.
    const chaos = { kube, loaded, target: { provider: 'existing' as const, kubeconfig, context: undefined, clusterName: '' }, env: { ...process.env }, signal: controller.signal };
    const { source, watch } = await clusterSource(kube, loaded, [], controller.signal, commandLines(selection), undefined, chaos);
    const screen = showDashboard(source);
    onTestFinished(() => {
      screen.unmount();
      watch.stop();
      controller.abort();
    });
    const replicas = async () => ((await kube.get<LiveObject & { spec?: { replicas?: number } }>('apps/v1', 'StatefulSet', `${name}-val-0`, 'node'))?.spec?.replicas);

    await untilScreen(screen.frame, (t) => t.includes('2/2 pods ready'), 'the devnet to show as ready');
    screen.type(DOWN);
    await untilScreen(screen.frame, (t) => /^›.*validator-0/m.test(t), 'validator-0 selected');

    screen.type('S');
    await untilScreen(screen.frame, (t) => footer(t).includes('Stop validator-0? Its pods go away, its StatefulSets stay; S again starts it. y/N'), 'the question');
    screen.type('n');
    await untilScreen(screen.frame, (t) => footer(t).includes('Nothing done.'), 'the answer to n');
    expect(await replicas()).toBe(1);

    screen.type('S', 'y');
    const stopped = await untilScreen(screen.frame, (t) => footer(t).includes('validator-0 stopped: node scaled to 0: 1 pod gone'), 'the stop to be confirmed', 60_000);
    expect(await replicas()).toBe(0);
    await untilScreen(screen.frame, (t) => rowOf(t, 'validator-0').includes('↯ stopped'), `validator-0 marked as stopped; the screen was:\n${stopped}`);

    // Another process puts a fault in: the dashboard sees it through the record.
    const other = await env.devnet(['chaos', 'stop', 'validator-1', ...flags]);
    expect(other.code, other.stderr).toBe(0);
    await untilScreen(screen.frame, (t) => rowOf(t, 'validator-1').includes('↯ stopped'), 'validator-1 marked as stopped');

    screen.type('C');
    await untilScreen(screen.frame, (t) => footer(t).includes(`Undo every fault devnet chaos put on devnet ${name}? y/N`), 'the question for C');
    screen.type('y');
    await untilScreen(screen.frame, (t) => footer(t).includes('Undone validator-0 stopped, validator-1 stopped: no fault is in force now.'), 'everything undone', 120_000);
    const after = await untilScreen(screen.frame, (t) => !t.includes('↯') && t.includes('2/2 pods ready'), 'the marks gone and the pods back');
    expect(after).not.toContain('↯');
    expect(await replicas()).toBe(1);
  });
});
