import { describe, expect, test } from 'vitest';
import { until } from './until.js';

describe('measuring again until the time is up', () => {
  test('a round the deadline cuts short gives way to the last round that finished', async () => {
    let rounds = 0;
    const result = await until(0.3, new AbortController().signal, async (signal) => {
      rounds += 1;
      if (rounds === 1) return { ok: false, seen: 'validator-0 does not answer' };
      // The next round hangs, as a client does on a validator that is gone, until the deadline.
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('Interrupted')), { once: true }));
      return { ok: true, seen: 'unreachable' };
    }, { intervalMs: 10 });
    expect(result).toEqual({ ok: false, seen: 'validator-0 does not answer' });
    expect(rounds).toBe(2);
  });

  test('Ctrl-C is an interruption, not a measurement', async () => {
    const controller = new AbortController();
    const pending = until(30, controller.signal, async (signal) => {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('Interrupted')), { once: true }));
      return { ok: true };
    });
    controller.abort();
    await expect(pending).rejects.toThrow('Interrupted');
  });
});
