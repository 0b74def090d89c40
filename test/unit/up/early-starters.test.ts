/** Which of the pods a new kind node starts may have asked the API before kube-proxy's Service rules existed. */
import { describe, expect, test } from 'vitest';
import { startedTooEarly } from '../../../src/tasks/up/early-starters.js';

const at = (seconds: number, restarts = 0) => ({ name: 'p', startedAt: Date.parse('2026-12-06T21:05:35Z') + seconds * 1000, restarts });

describe('a pod that started with kube-proxy', () => {
  test('in the same second, or before it, or within the 3 s kube-proxy takes to write its rules: replaced', () => {
    expect(startedTooEarly(at(0), at(0))).toBe(true);
    expect(startedTooEarly(at(-2), at(0))).toBe(true);
    expect(startedTooEarly(at(2.9), at(0))).toBe(true);
  });

  test('later than that, or already restarted once (its retry found the rules): left alone', () => {
    expect(startedTooEarly(at(3), at(0))).toBe(false);
    expect(startedTooEarly(at(0, 1), at(0))).toBe(false);
  });
});
