/** The chaos record as the dashboard shows it: each fault on the row its target names, and what is left of Linera's quorum. */
import { describe, expect, test } from 'vitest';
import { markFaults } from '../../../src/tasks/chaos/marks.js';
import type { Fault } from '../../../src/tasks/chaos/record.js';
import type { TopologyView } from '../../../src/tui/model.js';
import { loadShipped } from '../../support/profiles.js';
import { runningView } from '../../support/simulated-source.js';

const { topology } = loadShipped('linera-light', ['validators=4']);
const view = () => runningView(topology);
const fault = (action: Fault['action'], target: string, value?: string): Fault => ({ id: `${action}-${target}`, action, target, value, startedAt: '2026-12-05T21:00:00Z' });
const validator = (v: TopologyView, index: number) => v.validators.find((x) => x.index === index);
const component = (v: TopologyView, index: number, name: string) => validator(v, index)?.components.find((c) => c.name === name);

describe('faults from the record, on the dashboard rows', () => {
  test('a validator, a component and a pod each carry the fault that names them, and nothing else does', () => {
    const marked = markFaults(view(), topology, [fault('stop', 'validator-1'), fault('loss', 'validator-2/proxy', '20%'), fault('partition', 'validator-3/shards-0')]);
    expect(validator(marked, 1)?.faults).toEqual([{ action: 'stop', text: 'stopped' }]);
    expect(component(marked, 2, 'proxy')?.faults).toEqual([{ action: 'loss', text: 'loss 20%' }]);
    expect(component(marked, 3, 'shards')?.pods.find((p) => p.name === 'shards-0')?.faults).toEqual([{ action: 'partition', text: 'partitioned' }]);
    expect(validator(marked, 0)?.faults).toBeUndefined();
    expect(validator(marked, 2)?.faults).toBeUndefined();
    expect(component(marked, 1, 'proxy')?.faults).toBeUndefined();
  });

  test('a component named alone is marked in every validator', () => {
    const marked = markFaults(view(), topology, [fault('stop', 'proxy')]);
    expect([0, 1, 2, 3].map((i) => component(marked, i, 'proxy')?.faults?.[0]?.text)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    expect(marked.chaos?.tolerance).toEqual({ validators: 4, mayFail: 1, down: 4 });
  });

  test('Linera: 1 of 4 may fail; stops and partitions count as down, a loss does not', () => {
    expect(markFaults(view(), topology, []).chaos).toEqual({ faults: [], tolerance: { validators: 4, mayFail: 1, down: 0 } });
    const marked = markFaults(view(), topology, [fault('stop', 'validator-1'), fault('loss', 'validator-2', '20%'), fault('partition', 'validator-3/proxy-0')]);
    expect(marked.chaos).toEqual({ faults: ['validator-1 stopped', 'loss 20% on validator-2', 'validator-3/proxy-0 partitioned'], tolerance: { validators: 4, mayFail: 1, down: 2 } });
  });

  test('a fault whose target this devnet no longer has marks no row but is still listed', () => {
    const marked = markFaults(view(), topology, [fault('stop', 'validator-7')]);
    expect(marked.validators.every((v) => v.faults === undefined)).toBe(true);
    expect(marked.chaos).toMatchObject({ faults: ['validator-7 stopped'], tolerance: { down: 0 } });
  });

  test('a network without a quorum rule gets the faults and no tolerance', () => {
    const codex = loadShipped('codex');
    expect(markFaults(runningView(codex.topology), codex.topology, [fault('stop', 'validator-0')]).chaos).toEqual({ faults: ['validator-0 stopped'] });
  });
});
