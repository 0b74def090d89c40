import { describe, expect, test } from 'vitest';
import { UserError } from '../../../src/errors/index.js';
import { linePredicate } from '../../../src/tasks/logs/patterns.js';

describe('--include / --exclude', () => {
  test('no patterns keep every line', () => {
    expect(linePredicate([], [])('anything')).toBe(true);
  });

  test('a line must match one include and no exclude', () => {
    const keep = linePredicate(['ERROR', 'WARN'], ['healthz']);
    expect(keep('ERROR block 7 rejected')).toBe(true);
    expect(keep('WARN slow peer')).toBe(true);
    expect(keep('INFO block 8')).toBe(false);
    expect(keep('ERROR GET /healthz')).toBe(false);
  });

  test('excludes alone hide what they match', () => {
    const keep = linePredicate([], ['^DEBUG', 'healthz']);
    expect(keep('DEBUG x')).toBe(false);
    expect(keep('INFO DEBUG x')).toBe(true);
  });

  test('patterns are JavaScript regular expressions, case-sensitive as written', () => {
    const keep = linePredicate(['block \\d+ final(ized)?'], []);
    expect(keep('block 12 finalized')).toBe(true);
    expect(keep('Block 12 finalized')).toBe(false);
  });

  test('a bad pattern is a user error naming the flag and the pattern', () => {
    expect(() => linePredicate(['ok'], ['(unclosed'])).toThrow(UserError);
    expect(() => linePredicate(['[a-'], [])).toThrow(/^--include "\[a-" is not a valid regular expression: /);
    expect(() => linePredicate([], ['(unclosed'])).toThrow('--exclude "(unclosed" is not a valid regular expression: Unterminated group.');
  });
});
