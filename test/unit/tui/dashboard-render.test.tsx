import { afterEach, describe, expect, test } from 'vitest';
import type { PodRow, PodState, TopologyView } from '../../../src/tui/model.js';
import { SimulatedSource, buildTopology, podRow } from '../../support/simulated-source.js';
import { KEY, mount, type Mounted } from './harness.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const lines = (frame: string) => frame.split('\n');
const lineWith = (frame: string, text: string) => lines(frame).find((l) => l.includes(text)) ?? '';

function oneComponent(pods: PodRow[]): TopologyView {
  const view = buildTopology({ validators: 1 });
  const v = view.validators[0];
  if (v === undefined) throw new Error('no validator');
  return { ...view, validators: [{ ...v, components: [{ name: 'shards', role: 'Execute the chains.', workload: 'StatefulSet', namespace: v.namespace, desired: pods.length, ready: 1, endpoints: [], pods }] }] };
}

describe('topology tree', () => {
  test('every pod state shows its glyph and, when not ready, its reason', async () => {
    // A ready or finished pod keeps its reason to itself; every other state says why.
    const states: { state: PodState; glyph: string; reason: string; shown: boolean }[] = [
      { state: 'ready', glyph: '●', reason: 'Running', shown: false },
      { state: 'starting', glyph: '◐', reason: 'readiness probe failing', shown: true },
      { state: 'pending', glyph: '○', reason: 'Unschedulable', shown: true },
      { state: 'waiting', glyph: '◌', reason: 'ContainerCreating', shown: true },
      { state: 'failing', glyph: '✖', reason: 'CrashLoopBackOff', shown: true },
      { state: 'succeeded', glyph: '✔', reason: 'Completed', shown: false },
      { state: 'failed', glyph: '✖', reason: 'Error', shown: true },
      { state: 'terminating', glyph: '…', reason: 'Terminating', shown: true },
      { state: 'unknown', glyph: '?', reason: 'NodeLost', shown: true },
    ];
    const pods = states.map(({ state, reason }, i) => podRow('local-val-0', `pod-${state}`, 0, 'shards', { state, reason, ready: i === 0 ? '1/1' : '0/1' }));
    app = await mount(new SimulatedSource(oneComponent(pods)), { rows: 40 });
    await app.press('j', 'j', KEY.enter);
    for (const { state, glyph, reason, shown } of states) {
      const row = lineWith(app.frame(), ` pod-${state} `);
      expect(row, state).toContain(`${glyph} pod-${state}`);
      expect(row.includes(reason), `${state}: the row ${shown ? 'shows' : 'hides'} "${reason}"`).toBe(shown);
    }
    // The component sums its pods up by the most alarming state and names the pod that is stuck.
    expect(lineWith(app.frame(), '▾ ✖ shards')).toContain('CrashLoopBackOff (pod-failing)');
  });

  test('an empty devnet says it is waiting for the first pods', async () => {
    app = await mount(new SimulatedSource(buildTopology({ validators: 0 })));
    expect(app.frame()).toContain('devnet local');
    expect(app.frame()).toContain('Waiting for the first pods');
    expect(app.frame()).toContain('no pods yet');
    expect(app.frame()).toContain('No log lines from all pods yet.');
  });

  test('the header sums up health and the last up, rows show ready, restarts, age and endpoints', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 2, createdAt: Date.UTC(2026, 0, 1) - 5 * 60_000, phases: [{ name: 'cluster', seconds: 40 }, { name: 'pull', seconds: 6, detail: '3 images, 958 MB' }, { name: 'operators', seconds: 75 }] }));
    source.updatePod('local-val-1/shards-1', { state: 'failing', reason: 'CrashLoopBackOff', restarts: 4, lastExitCode: 1, ready: '0/1' });
    app = await mount(source);
    const frame = app.frame();
    expect(lines(frame)[0]).toMatch(/devnet local · linera · kind-devnet +9\/10 pods ready, 1 failing$/);
    // What the pre-pull moved stays in view after up hands over to the dashboard.
    expect(frame).toContain('last up 2m01s: cluster 40s · pull 6s (3 images, 958 MB) · operators 1m15s');
    expect(lineWith(frame, 'validator-1')).toMatch(/✖ validator-1 +4\/5 +↻4 .*CrashLoopBackOff \(shards-1\)/);
    expect(lineWith(frame, 'proxy')).toContain('localhost:19100');
    await app.press('j', 'j', KEY.right, 'j');
    expect(lineWith(app.frame(), '● proxy-0')).toMatch(/1\/1 +5m/);
  });

  test('a hundred validators with sixteen shards each render in one screen and scroll', async () => {
    app = await mount(new SimulatedSource(buildTopology({ validators: 100, shards: 16 })));
    expect(lines(app.frame())).toHaveLength(24);
    expect(app.frame()).toContain('validator-0');
    expect(app.frame()).toContain('1/501');
    expect(app.frame()).not.toContain('validator-99');
    await app.press('G');
    expect(app.frame()).toContain('▸ ● block-exporter');
    expect(app.frame()).toContain('501/501');
    await app.press('k', 'k', 'k', 'k');
    expect(app.frame()).toMatch(/› +▾ ● validator-99 /);
  });
});

describe('layout', () => {
  test('at 80×24 every row fits: nothing wraps, long text is cut with an ellipsis', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 3, shards: 4 }));
    source.updatePod('local-val-1/shards-1', { state: 'failing', reason: 'CrashLoopBackOff: back-off 5m0s restarting the failed container of a very long pod' });
    app = await mount(source, { columns: 80, rows: 24, phases: [{ name: 'cluster', seconds: 31 }, { name: 'operators', seconds: 64 }, { name: 'genesis', seconds: 5 }, { name: 'validators', seconds: 48 }] });
    source.emit([source.line('local-val-0/proxy-0', `a long line ${'x'.repeat(300)}`)]);
    await app.wait();
    const rows = lines(app.frame());
    expect(rows).toHaveLength(24);
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(80);
    expect(app.frame()).toContain('xxx…');
    expect(rows[23]).toContain('? help');
  });

  test('a resize lays the screen out again for the new size', async () => {
    app = await mount(new SimulatedSource(buildTopology({ validators: 3 })));
    await app.resize(80, 24);
    expect(lines(app.frame())).toHaveLength(24);
    for (const row of lines(app.frame())) expect([...row].length).toBeLessThanOrEqual(80);
    await app.resize(120, 40);
    expect(lines(app.frame())).toHaveLength(40);
    expect(app.frame()).toContain('validator-2');
  });
});

describe('log pane', () => {
  test('shows the lines of the selection, stream markers, and how many lines the buffer dropped', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    app = await mount(source, { bufferLines: 10 });
    source.emit([source.line('local-val-0/proxy-0', 'listening on 0.0.0.0:19100')]);
    source.emitEvent({ kind: 'pod-added', pod: 'local-val-0/shards-1' });
    source.emitEvent({ kind: 'container-restarted', pod: 'local-val-0/shards-1', container: 'linera', restarts: 3 });
    source.emitEvent({ kind: 'reconnecting', pod: 'local-val-0/shards-1', reason: 'stream closed' });
    source.emitEvent({ kind: 'pod-removed', pod: 'local-val-0/shards-0' });
    await app.wait();
    const frame = app.frame();
    expect(frame).toContain('val-0/proxy-0 linera listening on 0.0.0.0:19100');
    expect(frame).toContain('+ val-0/shards-1 appeared');
    expect(frame).toContain('↻ val-0/shards-1 linera restarted (restart 3)');
    expect(frame).toContain('… val-0/shards-1 reconnecting: stream closed');
    expect(frame).toContain('- val-0/shards-0 went away');
    source.emit(Array.from({ length: 20 }, (_, i) => source.line('local-val-0/proxy-0', `line ${i}`)));
    await app.wait();
    expect(app.frame()).toContain('15 dropped from the buffer');
    expect(app.frame()).toContain('line 19');
  });

  test('pods appearing, restarting and going away show in the tree at once', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    app = await mount(source);
    await app.press('j', 'j', 'j', KEY.enter);
    expect(app.frame()).toContain('● shards-1');
    source.updatePod('local-val-0/shards-1', { state: 'failing', reason: 'CrashLoopBackOff', restarts: 1 });
    await app.wait(60);
    expect(app.frame()).toMatch(/✖ shards-1 .*↻1 .*CrashLoopBackOff\n/);
    source.updatePod('local-val-0/shards-1', null);
    await app.wait(60);
    expect(app.frame()).not.toContain('shards-1');
  });
});
