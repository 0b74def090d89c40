/** The fault keys: each asks first, n does nothing, y hands the action to the source and shows what it said; faulted rows are marked. */
import { afterEach, describe, expect, test } from 'vitest';
import { markFaults } from '../../../src/tasks/chaos/marks.js';
import type { Fault } from '../../../src/tasks/chaos/record.js';
import type { FaultMark, TopologyView } from '../../../src/tui/model.js';
import { loadShipped } from '../../support/profiles.js';
import { SimulatedSource, buildTopology, runningView } from '../../support/simulated-source.js';
import { KEY, mount, type Mounted } from './harness.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const selectedRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';
const row = (frame: string, label: string) => frame.split('\n').find((l) => new RegExp(`[▸▾ ] . ${label}\\b`).test(l)) ?? '';
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
const header = (frame: string) => frame.split('\n').slice(0, 3).join('\n');

async function twoValidators(view: TopologyView = buildTopology({ validators: 2 }), size: { columns?: number; rows?: number } = {}): Promise<Mounted> {
  app = await mount(new SimulatedSource(view), size);
  return app;
}

/** The simulated topology with marks where a record would put them. */
function marked(view: TopologyView, marks: { validator?: number; component?: string; mark: FaultMark }[]): TopologyView {
  const on = (m: (typeof marks)[number], v: number | null, c?: string) => m.validator === v && m.component === c;
  return {
    ...view,
    validators: view.validators.map((v) => {
      const own = marks.filter((m) => on(m, v.index)).map((m) => m.mark);
      const components = v.components.map((c) => {
        const mine = marks.filter((m) => on(m, v.index, c.name)).map((m) => m.mark);
        return mine.length > 0 ? { ...c, faults: mine } : c;
      });
      return { ...v, components, ...(own.length > 0 ? { faults: own } : {}) };
    }),
  };
}

const STOPPED: FaultMark = { action: 'stop', text: 'stopped' };
const PARTITIONED: FaultMark = { action: 'partition', text: 'partitioned' };

describe('fault keys ask first', () => {
  test('S on a validator asks to stop it: n does nothing, y stops it and shows what the action said', async () => {
    const a = await twoValidators();
    a.source.chaosResult = async () => 'validator-0 stopped: proxy and shards scaled to 0: 3 pods gone in 4.2s, their objects kept';
    await a.press('j', 'S');
    expect(footer(a.frame())).toContain('Stop validator-0? Its pods go away, its StatefulSets stay; S again starts it. y/N');
    await a.press('n');
    expect(a.source.chaosRequests).toEqual([]);
    expect(footer(a.frame())).toContain('Nothing done.');
    await a.press('S', 'y');
    expect(a.source.chaosRequests).toEqual([{ action: 'stop', target: 'validator-0' }]);
    expect(footer(a.frame())).toContain('validator-0 stopped: proxy and shards scaled to 0: 3 pods gone in 4.2s');
  });

  test('S on a stopped row, or on a row inside a stopped one, starts it again', async () => {
    const a = await twoValidators(marked(buildTopology({ validators: 2 }), [{ validator: 1, mark: STOPPED }]));
    await a.press('G', 'k', 'k', 'S');
    expect(selectedRow(a.frame())).toContain('shards');
    expect(footer(a.frame())).toContain('Start validator-1/shards again? y/N');
    await a.press('y');
    expect(a.source.chaosRequests).toEqual([{ action: 'start', target: 'validator-1/shards' }]);
  });

  test('X cuts a component off, and heals a partitioned one', async () => {
    const a = await twoValidators(marked(buildTopology({ validators: 2 }), [{ validator: 0, component: 'shards', mark: PARTITIONED }]));
    await a.press('j', 'j', 'X');
    expect(footer(a.frame())).toContain('Cut validator-0/proxy off from the other validators, both ways? X again heals it. y/N');
    await a.press('y', 'j', 'X');
    expect(footer(a.frame())).toContain('Heal the partition of validator-0/shards? y/N');
    await a.press('y');
    expect(a.source.chaosRequests).toEqual([
      { action: 'partition', target: 'validator-0/proxy' },
      { action: 'heal', target: 'validator-0/shards' },
    ]);
  });

  test('K kills a pod, and only a pod; S does not stop a lone pod', async () => {
    const a = await twoValidators();
    await a.press('j', 'j', 'K');
    expect(footer(a.frame())).toContain('K kills one pod: select a pod first');
    await a.press(KEY.enter, 'j', 'S');
    expect(footer(a.frame())).toContain('S stops whole components: select the component or its validator (K restarts one pod).');
    await a.press('K');
    expect(footer(a.frame())).toContain('Kill pod local-val-0/proxy-0? Its StatefulSet makes a new one. y/N');
    await a.press('y');
    expect(a.source.chaosRequests).toEqual([{ action: 'kill', target: 'validator-0/proxy-0' }]);
  });

  test('C undoes every fault, from any row; S on the devnet row says what it acts on', async () => {
    const a = await twoValidators();
    await a.press('S');
    expect(footer(a.frame())).toContain('S acts on a validator, a component or a pod: select one first.');
    await a.press('C');
    expect(footer(a.frame())).toContain('Undo every fault devnet chaos put on devnet local? y/N');
    await a.press('y');
    expect(a.source.chaosRequests).toEqual([{ action: 'clear' }]);
  });

  test('a failed action says so with the reason; one action runs at a time', async () => {
    const a = await twoValidators();
    let fail: (error: Error) => void = () => {};
    a.source.chaosResult = () => new Promise((_, reject) => (fail = reject));
    await a.press('j', 'S', 'y');
    expect(header(a.frame())).toContain('Stopping validator-0…');
    await a.press('X');
    expect(footer(a.frame())).toContain('Stopping validator-0 is still running: one fault at a time.');
    fail(new Error('Gave up after 120s waiting for the pods of proxy to go.'));
    await a.wait(0);
    expect(footer(a.frame())).toContain('Stopping validator-0 failed: Gave up after 120s waiting for the pods of proxy to go.');
    expect(header(a.frame())).not.toContain('Stopping validator-0…');
    expect(a.source.chaosRequests).toHaveLength(1);
  });

  test('the help lists the fault keys', async () => {
    const a = await twoValidators();
    await a.press('?', 'G');
    expect(a.frame()).toMatch(/S X\s+stop or start, cut off or heal the selected validator, component or pod/);
    expect(a.frame()).toMatch(/K C\s+kill the selected pod \/ undo every fault devnet chaos put in \(each asks first\)/);
  });
});

describe('faulted rows and what the network makes of them', () => {
  const { topology } = loadShipped('linera-light', ['validators=4']);
  const live = (gone: string) => runningView(topology, [gone]);
  const fault = (action: Fault['action'], target: string, value?: string): Fault => ({ id: target, action, target, value, startedAt: '2026-12-05T21:00:00Z' });

  test('from the record: a stopped validator and a degraded component are marked, and the header counts validators down', async () => {
    const a = await twoValidators(markFaults(live('linera-light-val-1'), topology, [fault('stop', 'validator-1'), fault('loss', 'validator-2/proxy', '20%')]), { columns: 130, rows: 60 });
    expect(row(a.frame(), 'validator-1')).toContain('↯ stopped');
    expect(row(a.frame(), 'validator-2')).toContain('↯ proxy loss 20%');
    expect(row(a.frame(), 'validator-0')).not.toContain('↯');
    // Nothing probed the endpoints here: the header says the rule and what the record has down, and claims nothing of blocks.
    expect(header(a.frame())).toContain('1 of 4 validators may fail; 1 down now');
    expect(header(a.frame())).not.toContain('certify');
    expect(header(a.frame())).toContain('↯ validator-1 stopped, loss 20% on validator-2/proxy');
  });

  test('the marks follow the record: a second validator down loses the quorum, cleared they go', async () => {
    const a = await twoValidators(markFaults(live(''), topology, []), { rows: 60 });
    expect(header(a.frame())).toContain('1 of 4 validators may fail; 0 down now');
    a.source.setTopology(markFaults(live(''), topology, [fault('stop', 'validator-1'), fault('partition', 'validator-2')]));
    await a.wait();
    expect(header(a.frame())).toContain('1 of 4 validators may fail; 2 down now');
    expect(row(a.frame(), 'validator-2')).toContain('↯ partitioned');
    a.source.setTopology(markFaults(live(''), topology, []));
    await a.wait();
    expect(a.frame()).not.toContain('↯');
    expect(header(a.frame())).toContain('0 down now');
  });
});
