/** A transfer from the dashboard, timed from the key press: certified, refused with the silent validators named, or stopped at its limit. */
import { describe, expect, test } from 'vitest';
import { timedTransfer } from '../../../src/tasks/response/index.js';

const clock = (...times: number[]) => () => times.shift() ?? 0;
const open = () => new AbortController().signal;

describe('a timed transfer', () => {
  test('certified: the seconds from start to the certificate', async () => {
    const result = await timedTransfer(async () => ({ ok: true, from: 'a', to: 'b' }), () => ['validator-3'], open(), clock(1000, 2140));
    expect(result).toEqual({ certified: true, seconds: 1.14 });
  });

  test('refused by the client: its words, and the validators the probe finds silent', async () => {
    const result = await timedTransfer(async () => ({ ok: false, problem: 'the transfer from 3c1f… to 9a0b… failed: quorum not reached' }), () => ['validator-1', 'validator-2'], open(), clock(0, 12_000));
    expect(result).toEqual({ certified: false, seconds: 12, reason: 'the transfer from 3c1f… to 9a0b… failed: quorum not reached', silent: ['validator-1', 'validator-2'] });
  });

  test('stopped at its limit: that is the measurement; the dashboard closing is not', async () => {
    const hang = (deadline: AbortSignal) => new Promise<never>((_, reject) => deadline.addEventListener('abort', () => reject(new Error('Interrupted while running `docker run …`.'))));
    const result = await timedTransfer(hang, () => ['validator-1'], open(), clock(0, 1000), 1000);
    expect(result).toMatchObject({ certified: false, reason: 'the client did not finish within 1 s', silent: ['validator-1'] });
    const closing = new AbortController();
    const pending = timedTransfer(hang, () => [], closing.signal, clock(0, 10), 60_000);
    closing.abort();
    await expect(pending).rejects.toThrow('Interrupted');
  });

  test('what keeps it from being made at all is thrown, as the client said it', async () => {
    await expect(timedTransfer(async () => Promise.reject(new Error('there is no wallet of devnet d on this machine')), () => [], open(), clock(0, 1))).rejects.toThrow('there is no wallet');
  });
});
