/** How many validators each network may lose, from the rule its own code applies. */
import { describe, expect, test } from 'vitest';
import { grandpaTolerance, lineraTolerance } from '../../../src/networks/fault-tolerance.js';

describe('how many validators may fail', () => {
  test('Linera: 2f+1 of 3f+1 voting weight, 100 votes each', () => {
    expect(lineraTolerance(4)).toMatchObject({ mayFail: 1 });
    expect(lineraTolerance(4).rule).toContain('a quorum of 267 of the committee\'s 400 votes');
    expect(lineraTolerance(7).mayFail).toBe(2);
    expect(lineraTolerance(3).mayFail).toBe(0);
    expect(lineraTolerance(1).mayFail).toBe(0);
  });

  test('GRANDPA: threshold = total - (total - 1)/3', () => {
    expect(grandpaTolerance(4).mayFail).toBe(1);
    expect(grandpaTolerance(2).mayFail).toBe(0);
    expect(grandpaTolerance(10).mayFail).toBe(3);
  });
});
