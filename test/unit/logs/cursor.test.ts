import { describe, expect, test } from 'vitest';
import { Cursor, LineSplitter, resumeQuery, splitTimestamp, timeKey, type TimedLine } from '../../../src/tasks/logs/cursor.js';

const at = (time: string, text: string): TimedLine => ({ time, text });

describe('timestamps', () => {
  test('compare by instant, whatever the fraction length or offset', () => {
    const a = timeKey('2026-01-01T10:00:00.5Z');
    const b = timeKey('2026-01-01T10:00:00.500000001Z');
    const c = timeKey('2026-01-01T12:00:00.5+02:00');
    expect(a).toBeDefined();
    expect(b! > a!).toBe(true);
    expect(c).toBe(a);
    expect(timeKey('2026-01-01T10:00:01Z')! > b!).toBe(true);
    expect(timeKey('not-a-time')).toBeUndefined();
  });

  test('a line is split into its timestamp and its text, spaces in the text kept', () => {
    expect(splitTimestamp('2026-01-01T10:00:00.123456789Z block 7  finalized')).toEqual(at('2026-01-01T10:00:00.123456789Z', 'block 7  finalized'));
    expect(splitTimestamp('2026-01-01T10:00:00Z ')).toEqual(at('2026-01-01T10:00:00Z', ''));
    expect(splitTimestamp('no timestamp here')).toEqual({ time: undefined, text: 'no timestamp here' });
  });
});

describe('LineSplitter', () => {
  test('holds a line cut between chunks until its end arrives', () => {
    const s = new LineSplitter();
    expect(s.push('one\ntw')).toEqual(['one']);
    expect(s.push('o')).toEqual([]);
    expect(s.push('\nthree\n')).toEqual(['two', 'three']);
    expect(s.push('four')).toEqual([]);
    expect(s.end()).toEqual(['four']);
    expect(s.end()).toEqual([]);
  });
});

describe('Cursor: resuming without repeating or losing a line', () => {
  const T1 = '2026-01-01T10:00:00.100000000Z';
  const T2 = '2026-01-01T10:00:00.200000000Z';
  const T3 = '2026-01-01T10:00:01.000000000Z';

  const deliver = (cursor: Cursor, lines: TimedLine[]) => lines.filter(cursor.reader()).map((l) => l.text);

  test('the first read takes everything and remembers the newest timestamp and how many lines had it', () => {
    const cursor = new Cursor();
    expect(deliver(cursor, [at(T1, 'a'), at(T2, 'b'), at(T2, 'c')])).toEqual(['a', 'b', 'c']);
    expect(cursor.time).toBe(T2);
    expect(cursor.count).toBe(2);
    expect(cursor.delivered).toBe(3);
  });

  test('a resumed read (the API answers from the start of the second) skips what was delivered', () => {
    const cursor = new Cursor();
    deliver(cursor, [at(T1, 'a'), at(T2, 'b')]);
    // Stream broke after "b"; "c" shares b's timestamp and was never delivered.
    expect(deliver(cursor, [at(T1, 'a'), at(T2, 'b'), at(T2, 'c'), at(T3, 'd')])).toEqual(['c', 'd']);
    expect(cursor.count).toBe(1);
  });

  test('lines sharing one timestamp are counted, not collapsed', () => {
    const cursor = new Cursor();
    const burst = ['x', 'x', 'x', 'y'].map((t) => at(T2, t));
    expect(deliver(cursor, burst.slice(0, 2))).toEqual(['x', 'x']);
    expect(deliver(cursor, burst)).toEqual(['x', 'y']);
    expect(deliver(cursor, burst)).toEqual([]);
    expect(cursor.count).toBe(4);
  });

  test('past the resume point every line is new, even if a clock stepped back', () => {
    const cursor = new Cursor();
    deliver(cursor, [at(T2, 'a')]);
    expect(deliver(cursor, [at(T2, 'a'), at(T3, 'b'), at(T1, 'c')])).toEqual(['b', 'c']);
  });

  test('lines without a timestamp are passed on', () => {
    const cursor = new Cursor();
    expect(deliver(cursor, [{ time: undefined, text: 'raw' }])).toEqual(['raw']);
    expect(cursor.empty).toBe(true);
  });
});

describe('resumeQuery', () => {
  test('with a cursor: lines since its time', () => {
    const cursor = new Cursor();
    cursor.reader()(at('2026-01-01T10:00:00.1Z', 'a'));
    expect(resumeQuery({ tailLines: 10 }, cursor, 5000)).toEqual({ sinceTime: '2026-01-01T10:00:00.1Z' });
  });

  test('the first request is the user\'s --tail and --since', () => {
    expect(resumeQuery({ tailLines: 10, sinceSeconds: 60 }, new Cursor(), undefined)).toEqual({ tailLines: 10, sinceSeconds: 60 });
  });

  test('nothing delivered yet: the start widened by the time passed, so lines written meanwhile are not lost', () => {
    expect(resumeQuery({ tailLines: 10 }, new Cursor(), 2500)).toEqual({ sinceSeconds: 4 });
    expect(resumeQuery({ sinceSeconds: 60 }, new Cursor(), 2500)).toEqual({ sinceSeconds: 64 });
    expect(resumeQuery({}, new Cursor(), 2500)).toEqual({});
  });
});
