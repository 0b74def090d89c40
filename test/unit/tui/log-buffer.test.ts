import { describe, expect, test } from 'vitest';
import { LogBuffer, safeText } from '../../../src/tui/log-buffer.js';
import type { LogLine } from '../../../src/tui/model.js';

const line = (seq: number, text = `line ${seq}`): LogLine => ({ seq, pod: 'ns/pod-0', podName: 'pod-0', container: 'app', text, previous: false });
const texts = (b: LogBuffer) => Array.from({ length: b.size }, (_, i) => b.at(b.first + i)).map((e) => (e?.kind === 'line' ? e.text : e?.event.kind));

describe('LogBuffer', () => {
  test('keeps the newest lines up to its capacity and counts the ones it dropped', () => {
    const b = new LogBuffer(3);
    b.pushLines([1, 2, 3, 4, 5].map((n) => line(n)));
    expect(texts(b)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(b.dropped).toBe(2);
    expect(b.total).toBe(5);
    expect(b.at(0)).toBeUndefined();
  });

  test('puts a late line back in sequence order', () => {
    const b = new LogBuffer(10);
    b.pushLines([line(1), line(3), line(4)]);
    b.pushLines([line(2)]);
    expect(texts(b)).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
  });

  test('markers go after the lines already seen; a dropped event adds to the stream count', () => {
    const b = new LogBuffer(10);
    b.pushLines([line(7)]);
    b.pushEvent({ kind: 'pod-removed', pod: 'ns/pod-0' });
    b.pushEvent({ kind: 'dropped', count: 40 });
    expect(texts(b)).toEqual(['line 7', 'pod-removed', 'dropped']);
    expect(b.streamDropped).toBe(40);
  });

  test('text that would steer the terminal is made inert', () => {
    expect(safeText('\u001B[31mred\u001B[0m\tand\rmore\u0007')).toBe('red    andmore');
    expect(safeText('plain text')).toBe('plain text');
  });
});
