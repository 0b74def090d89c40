import { describe, expect, test } from 'vitest';
import { progressReporter, reportEveryMs, stillWaiting } from './waiting.js';

describe('a long wait', () => {
  test('says how long of how long, and what it last saw', () => {
    expect(stillWaiting(120_000, 900_000, 'bootstrap-0 has logged 0 lines')).toBe('still waiting (2m of 15m; bootstrap-0 has logged 0 lines)');
    expect(stillWaiting(35_000, 180_000)).toBe('still waiting (35s of 3m)');
  });

  test('talks about fifteen times over the wait, at least every minute and at most every 5s', () => {
    expect(reportEveryMs(15 * 60_000)).toBe(60_000);
    expect(reportEveryMs(3 * 60_000)).toBe(12_000);
    expect(reportEveryMs(20_000)).toBe(5_000);
  });

  test('says nothing before the first report is due, then once per interval', () => {
    const said: string[] = [];
    const report = progressReporter(180_000, (line) => said.push(line), 0);
    report('refused', 11_000);
    report('refused', 12_000);
    report('refused', 13_000);
    report('refused', 24_500);
    expect(said).toEqual(['still waiting (12s of 3m; refused)', 'still waiting (25s of 3m; refused)']);
  });
});
