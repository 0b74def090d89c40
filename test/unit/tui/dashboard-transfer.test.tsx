/** The transfer key on the whole dashboard: what a user sees while it runs, when it is pressed again, and after. */
import { afterEach, describe, expect, test } from 'vitest';
import type { TransferResult } from '../../../src/tui/model.js';
import { SimulatedSource, buildTopology } from '../../support/simulated-source.js';
import { mount, type Mounted } from './harness.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
const header = (frame: string) => frame.split('\n').slice(0, 3).join('\n');

async function linera(transfer?: () => Promise<TransferResult>): Promise<Mounted> {
  const view = buildTopology({ validators: 4 });
  const source = new SimulatedSource({ ...view, chaos: { faults: [], tolerance: { validators: 4, mayFail: 1, down: 0 } } });
  if (transfer !== undefined) source.transfer = transfer;
  app = await mount(source, { columns: 130, rows: 40 });
  return app;
}

describe('T makes one transfer', () => {
  test('the header counts while it runs, a second T says one at a time, then both lines say what it came to', async () => {
    let finish: (result: TransferResult) => void = () => {};
    let calls = 0;
    const a = await linera(() => {
      calls++;
      return new Promise((resolve) => (finish = resolve));
    });
    await a.press('T');
    expect(header(a.frame())).toContain('transferring… 0s');
    // The header's clock ticks each second.
    for (let i = 0; i < 3; i++) await a.wait(1000);
    expect(header(a.frame())).toContain('transferring… 3s');
    await a.press('T');
    expect(footer(a.frame())).toContain('A transfer is still running (for 3s): one at a time.');
    expect(calls).toBe(1);
    finish({ certified: false, seconds: 30, reason: 'the client did not finish within 30 s', silent: ['validator-1', 'validator-2'] });
    await a.wait(0);
    expect(footer(a.frame())).toContain('No transfer certified in 30 s: validator-1, validator-2 did not answer (the client did not finish within 30 s)');
    expect(header(a.frame())).toContain('no transfer certified in 30 s: validator-1, validator-2 did not answer');
    await a.press('T');
    expect(calls).toBe(2);
    finish({ certified: true, seconds: 1.1 });
    await a.wait(0);
    expect(footer(a.frame())).toContain('Transfer certified in 1.1 s');
    expect(header(a.frame())).toContain('transfer certified in 1.1 s');
    expect(header(a.frame())).not.toContain('no transfer');
  });

  test('a transfer that cannot be made at all says why and keeps the last outcome', async () => {
    const a = await linera(async () => {
      throw new Error('there is no wallet of devnet local on this machine');
    });
    await a.press('T');
    expect(footer(a.frame())).toContain('The transfer could not be made: there is no wallet of devnet local on this machine');
    expect(header(a.frame())).not.toContain('transferring');
  });

  test('the footer offers T only where the network has transfers', async () => {
    const a = await linera(async () => ({ certified: true, seconds: 1 }));
    expect(footer(a.frame())).toContain('T transfer');
    a.unmount();
    const b = await linera();
    expect(footer(b.frame())).toContain('S K X C faults');
    expect(footer(b.frame())).not.toContain('T transfer');
  });

  test('where the network has no transfer, T says which networks do', async () => {
    const a = await linera();
    await a.press('T');
    expect(footer(a.frame())).toContain('T makes a transfer on Linera devnets.');
  });

  test('the help lists T', async () => {
    const a = await linera();
    await a.press('?');
    expect(a.frame()).toMatch(/T\s+make one transfer with the wallet devnet up handed over, and time it \(Linera\)/);
  });
});
