/**
 * The dashboard driven end to end against the test control plane: the tree comes from watches on
 * a devnet that `devnet up` deployed, the log pane from the real pods/log API.
 */
import { render } from 'ink-testing-library';
import { describe, expect, onTestFinished, test } from 'vitest';
import { commandLines } from '../../src/output/command-line.js';
import { theme } from '../../src/output/theme.js';
import { clusterSource } from '../../src/tasks/dashboard.js';
import { loadProfile } from '../../src/tasks/load-profile.js';
import { systemClock } from '../../src/tui/clock.js';
import { DashboardApp } from '../../src/tui/dashboard.js';
import { devnetEnv } from './support/devnet-env.js';
import { clusterKube, controlPlaneStateDir } from './support/kube.js';
import { appendPodLog, restartContainer } from './support/pod-logs.js';
import { untilScreen as until } from './support/screen.js';
import { unique } from '../support/names.js';

const KEY = { down: '\u001B[B', enter: '\r', escape: '\u001B' };

describe('the dashboard on a running devnet', () => {
  test('shows the topology, follows a selected pod, filters, and flags a restart', async () => {
    const env = devnetEnv();
    const name = unique('dash');
    // One validator of two nodes: rococo-local's two authorities, Alice and Bob.
    const flags = ['-p', 'substrate', '--set', `name=${name}`, '--set', 'substrate.replicas=2', '--validators', '1'];
    onTestFinished(async () => {
      await env.devnet(['down', ...flags]);
    });
    const up = await env.devnet(['up', ...flags, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(0);

    const controller = new AbortController();
    const selection = { profile: 'substrate', set: [`name=${name}`, 'substrate.replicas=2'], validators: 1 };
    const loaded = await loadProfile(selection, process.cwd());
    const kube = clusterKube();
    const { source, watch } = await clusterSource(kube, loaded, [{ name: 'validators', seconds: 1.5 }], controller.signal, commandLines(selection));
    const app = render(<DashboardApp source={source} clock={systemClock} bufferLines={5000} theme={theme({ NO_COLOR: '1' }, {})} />);
    const stdout = app.stdout as unknown as { columns: number; rows: number; emit(event: string): void };
    Object.defineProperty(stdout, 'columns', { value: 120, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 30, configurable: true });
    stdout.emit('resize');
    onTestFinished(() => {
      app.unmount();
      watch.stop();
      controller.abort();
    });
    const frame = () => app.lastFrame() ?? '';

    await until(frame, (t) => t.includes('2/2 pods ready') && t.includes('validator-0'), 'the devnet to show as ready');

    // validator-0 → node → node-1: select the pod, its log follows.
    app.stdin.write(KEY.down);
    app.stdin.write(KEY.down);
    app.stdin.write(KEY.enter);
    await until(frame, (t) => t.includes('node-1'), 'the node component to expand');
    app.stdin.write(KEY.down);
    app.stdin.write(KEY.down);
    await until(frame, (t) => /logs: .*node-1/.test(t), 'the log pane to follow node-1');
    await appendPodLog(controlPlaneStateDir(), `${name}-val-0`, 'node-1', 'node', ['Imported #42 (0xdead)', 'Prepared block for proposing at 43']);
    await until(frame, (t) => t.includes('Prepared block for proposing at 43'), 'an appended log line');
    // The profile's health rule matched that line: the pod row says so.
    await until(frame, (t) => /● node-1 .*healthy, last match \d+s ago/.test(t), 'node-1 healthy on its row');

    // Filter: only lines matching /Imported/ stay.
    app.stdin.write('/');
    for (const char of 'Imported') app.stdin.write(char);
    app.stdin.write(KEY.enter);
    const filtered = await until(frame, (t) => t.includes('Imported #42') && !t.includes('Prepared block for proposing at 43'), 'the filter to apply');
    expect(filtered).toContain('Imported #42');

    // A restart shows in the tree (restart count) and as a marker in the pane.
    await restartContainer(controlPlaneStateDir(), `${name}-val-0`, 'node-1', 'node', { exitCode: 137, reason: 'OOMKilled' });
    app.stdin.write(KEY.escape);
    const flagged = await until(frame, (t) => /node-1 node restarted/.test(t) && /● node-1\s+1\/1\s+↻1/.test(t), 'the restart in the pane and on the pod row');
    expect(flagged).toContain('↻ node-1 node restarted (restart 1)');
  });
});
