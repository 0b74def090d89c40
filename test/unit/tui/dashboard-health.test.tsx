import { afterEach, describe, expect, test } from 'vitest';
import type { PodHealth, TopologyView } from '../../../src/tui/model.js';
import { SimulatedSource, podRow } from '../../support/simulated-source.js';
import { KEY, mount, type Mounted } from './harness.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const NOW = Date.UTC(2026, 0, 1);
const rule = { keyword: 'Prepared block', withinSeconds: 120 };
const lineWith = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

function substrate(health: (PodHealth | undefined)[]): TopologyView {
  const namespace = 'local-val-0';
  const pods = health.map((h, i) => podRow(namespace, `node-${i}`, 0, 'node', h === undefined ? {} : { health: h }));
  return {
    header: { devnet: 'local', network: 'substrate', context: 'kind-local', phases: [] },
    validators: [{ index: 0, name: 'validator-0', namespace, endpoints: [], components: [{ name: 'node', role: 'A validator node.', workload: 'StatefulSet', namespace, desired: pods.length, ready: pods.length, endpoints: [], pods }] }],
  };
}

describe('log health on the dashboard', () => {
  test('each pod row says its health, counted from the dashboard\'s clock; the component and header sum it up', async () => {
    const source = new SimulatedSource(
      substrate([
        { ...rule, state: 'healthy', lastMatchAt: NOW - 12_000 },
        { ...rule, state: 'unhealthy', lastMatchAt: NOW - 180_000 },
        { ...rule, state: 'waiting', watchedSince: NOW - 5_000 },
        // Read back from three minutes ago; anything older was not read.
        { ...rule, state: 'unhealthy', watchedSince: NOW - 180_000, readFrom: true },
      ]),
    );
    app = await mount(source, { columns: 120, rows: 30 });
    // Open the node component so its pods are rows.
    await app.press('j', 'j', KEY.enter);
    const frame = app.frame();
    expect(lineWith(frame, ' node-0 ')).toContain('healthy, last match 12s ago');
    expect(lineWith(frame, ' node-1 ')).toContain('unhealthy, none for 3m');
    expect(lineWith(frame, ' node-2 ')).toContain('waiting for first match');
    expect(lineWith(frame, ' node-3 ')).toContain('unhealthy, none for at least 3m');
    expect(lineWith(frame, '▾ ● node ')).toContain('1/4 healthy');
    expect(frame.split('\n')[0]).toMatch(/4\/4 pods ready, 2 unhealthy$/);

    // The dashboard's clock ticks once a second.
    for (let i = 0; i < 5; i++) await app.wait(1_000);
    expect(lineWith(app.frame(), ' node-0 ')).toContain('healthy, last match 17s ago');
  });

  test('a new state from the source replaces the old one on the row', async () => {
    const source = new SimulatedSource(substrate([{ ...rule, state: 'healthy', lastMatchAt: NOW - 1_000 }, undefined]));
    app = await mount(source, { columns: 120, rows: 30 });
    await app.press('j', 'j', KEY.enter);
    expect(lineWith(app.frame(), ' node-1 ')).not.toMatch(/healthy|waiting/);
    source.updatePod('local-val-0/node-0', { health: { ...rule, state: 'unhealthy', lastMatchAt: NOW - 125_000 } });
    await app.wait();
    expect(lineWith(app.frame(), ' node-0 ')).toContain('unhealthy, none for 2m');
    expect(lineWith(app.frame(), '▾ ● node ')).toContain('0/1 healthy');
  });
});
