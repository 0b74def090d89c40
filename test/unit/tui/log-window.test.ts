import { describe, expect, test } from 'vitest';
import { LogBuffer } from '../../../src/tui/log-buffer.js';
import { parseFilter } from '../../../src/tui/log-filter.js';
import { logWindow, pageDownAnchor, type LogViewOptions } from '../../../src/tui/log-window.js';
import { plain } from '../../../src/tui/segments.js';

function buffer(n: number): LogBuffer {
  const b = new LogBuffer(1000);
  b.pushLines(Array.from({ length: n }, (_, i) => ({ seq: i, pod: 'local-val-0/shards-0', podName: 'shards-0', container: 'linera', text: i % 2 === 0 ? `even ${i}` : `odd ${i}`, previous: false })));
  return b;
}

const options: LogViewOptions = { height: 3, width: 40, filter: null, anchor: null, wrap: false, showTime: false, pods: 'name', devnet: 'local' };
const shown = (b: LogBuffer, o: Partial<LogViewOptions> = {}) => logWindow(b, { ...options, ...o }).rows.map(plain);

describe('log window', () => {
  test('follows the newest lines, only as many as fit', () => {
    expect(shown(buffer(10))).toEqual(['shards-0 linera odd 7', 'shards-0 linera even 8', 'shards-0 linera odd 9']);
  });

  test('a paused view ends where it was paused', () => {
    expect(shown(buffer(10), { anchor: 5 })).toEqual(['shards-0 linera even 2', 'shards-0 linera odd 3', 'shards-0 linera even 4']);
  });

  test('filters before it counts rows, and pages by shown lines', () => {
    const b = buffer(10);
    const even = parseFilter('even');
    const filter = even.ok ? even.filter : null;
    expect(shown(b, { filter })).toEqual(['shards-0 linera even 4', 'shards-0 linera even 6', 'shards-0 linera even 8']);
    expect(pageDownAnchor(b, filter, 0, 3)).toBe(5);
  });

  test('wraps long lines onto indented rows when asked', () => {
    const b = new LogBuffer(10);
    b.pushLines([{ seq: 1, pod: 'ns/p', podName: 'p', container: 'c', text: 'x'.repeat(70), previous: false }]);
    expect(shown(b, { wrap: true, pods: 'hidden' })).toEqual([`c ${'x'.repeat(38)}`, `  ${'x'.repeat(32)}`]);
  });

  test('names pods by namespace and name across validators', () => {
    expect(shown(buffer(1), { pods: 'qualified' })).toEqual(['val-0/shards-0 linera even 0']);
  });
});
