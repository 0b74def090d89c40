import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { DropQueue, QueuedWriter } from '../../../src/tasks/logs/output-queue.js';

function drain(queue: DropQueue): string[] {
  const out: string[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push('dropped' in item ? `[${item.dropped} dropped]` : item.text);
  return out;
}

describe('DropQueue', () => {
  test('within its bound it keeps everything in order', () => {
    const q = new DropQueue(3);
    for (const t of ['a', 'b', 'c']) q.push(t, true);
    expect(drain(q)).toEqual(['a', 'b', 'c']);
    expect(q.dropped).toBe(0);
  });

  test('past its bound the oldest lines go, and one notice counts them where they were', () => {
    const q = new DropQueue(2);
    for (const t of ['a', 'b', 'c', 'd', 'e']) q.push(t, true);
    expect(q.dropped).toBe(3);
    expect(drain(q)).toEqual(['[3 dropped]', 'd', 'e']);
  });

  test('markers are never dropped and keep their place before the gap', () => {
    const q = new DropQueue(1);
    q.push('+ pod', false);
    q.push('a', true);
    q.push('b', true);
    q.push('- pod', false);
    q.push('c', true);
    expect(drain(q)).toEqual(['+ pod', '[2 dropped]', '- pod', 'c']);
    expect(q.dropped).toBe(2);
  });

  test('stays bounded over a long burst', () => {
    const q = new DropQueue(100);
    for (let i = 0; i < 100_000; i++) q.push(`line ${i}`, true);
    expect(q.lines).toBe(100);
    expect(q.size).toBe(101);
    const out = drain(q);
    expect(out[0]).toBe('[99900 dropped]');
    expect(out[1]).toBe('line 99900');
    expect(out.at(-1)).toBe('line 99999');
  });
});

/** An output that takes writes like a pipe: false once its buffer is full, 'drain' when the reader caught up. */
class SlowOutput extends EventEmitter {
  written = '';
  buffered = 0;
  constructor(private readonly capacity: number) {
    super();
  }
  write(text: string): boolean {
    this.written += text;
    this.buffered += text.length;
    return this.buffered < this.capacity;
  }
  readerCatchesUp(): void {
    this.buffered = 0;
    this.emit('drain');
  }
}

describe('QueuedWriter', () => {
  const notice = (count: number) => `… ${count} lines dropped\n`;
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ text: `l${from + i}\n`, line: true }));

  test('writes straight through while the output drains', async () => {
    const out = new SlowOutput(1_000_000);
    const writer = new QueuedWriter(out, 10, notice);
    writer.write(lines(0, 50));
    await writer.idle();
    expect(out.written.split('\n').filter(Boolean)).toHaveLength(50);
    expect(writer.dropped).toBe(0);
  });

  test('a stuck output costs the oldest queued lines, with a visible count, never silently', async () => {
    const out = new SlowOutput(1); // the first write fills it
    const writer = new QueuedWriter(out, 5, notice);
    writer.write(lines(0, 1));
    writer.write(lines(1, 20));
    expect(writer.dropped).toBe(14);
    const idle = writer.idle();
    out.readerCatchesUp();
    await idle;
    const shown = out.written.split('\n').filter(Boolean);
    expect(shown).toEqual(['l0', '… 14 lines dropped', 'l15', 'l16', 'l17', 'l18', 'l19']);
    // Every line is accounted for: shown or counted.
    expect(shown.filter((l) => l.startsWith('l')).length + writer.dropped).toBe(20);
  });

  test('idle() waits until the output was handed everything', async () => {
    const out = new SlowOutput(1);
    const writer = new QueuedWriter(out, 100, notice);
    writer.write(lines(0, 1)); // fills the output
    writer.write(lines(1, 3)); // waits
    let done = false;
    const idle = writer.idle().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    out.readerCatchesUp(); // l1 and l2 go out, in one write
    await idle;
    expect(out.written).toBe('l0\nl1\nl2\n');
  });

  test('an output that closes does not keep anyone waiting', async () => {
    const out = new SlowOutput(1);
    const writer = new QueuedWriter(out, 100, notice);
    writer.write(lines(0, 1));
    writer.write(lines(1, 3));
    const idle = writer.idle();
    out.emit('close');
    await expect(idle).resolves.toBeUndefined();
  });
});
