/**
 * Writing log lines to a terminal or pipe that may be slower than the devnet. Lines wait in a
 * bounded queue while the output does not drain; past the bound the oldest lines are dropped and
 * a notice takes their place, so a reader always sees where lines are missing and how many.
 * Markers (+, -, restarts) are never dropped.
 */
import type { Output } from '../../system/io.js';

type Item = { text: string; line: boolean } | { dropped: number };

/** The pure part: what is held, what was dropped, and where. */
export class DropQueue {
  private items: (Item | undefined)[] = [];
  private head = 0;
  /** Droppable lines held now. */
  lines = 0;
  /** Lines dropped since the start. */
  dropped = 0;

  constructor(readonly bound: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(text: string, line: boolean): void {
    this.items.push({ text, line });
    if (line) this.lines++;
    while (this.lines > this.bound) this.dropOldest();
  }

  shift(): Item | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (isLine(item)) this.lines--;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The oldest line becomes (or joins) the notice just before it. */
  private dropOldest(): void {
    let i = this.head;
    while (!isLine(this.items[i])) i++;
    const before = i > this.head ? this.items[i - 1] : undefined;
    if (before !== undefined && 'dropped' in before) {
      before.dropped++;
      // Close the gap by moving the few entries in front of it (notices, markers) one slot on.
      for (let j = i; j > this.head; j--) this.items[j] = this.items[j - 1];
      this.items[this.head++] = undefined;
    } else {
      this.items[i] = { dropped: 1 };
    }
    this.lines--;
    this.dropped++;
  }
}

const isLine = (item: Item | undefined) => item !== undefined && 'line' in item && item.line;

interface Drainable {
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

const drainable = (out: Output): out is Output & Drainable =>
  typeof (out as Partial<Drainable>).once === 'function' && typeof (out as Partial<Drainable>).removeListener === 'function';

/** Bytes gathered into one write: fewer system calls when lines come in bursts. */
const CHUNK_BYTES = 64 * 1024;

export class QueuedWriter {
  private readonly queue: DropQueue;
  private blocked = false;
  private closed = false;
  private idlers: (() => void)[] = [];

  constructor(
    private readonly out: Output,
    bound: number,
    private readonly notice: (count: number) => string,
  ) {
    this.queue = new DropQueue(bound);
  }

  get dropped(): number {
    return this.queue.dropped;
  }

  /** Queues entries (`line: false` for markers, never dropped) and writes what the output takes. */
  write(entries: readonly { text: string; line: boolean }[]): void {
    if (this.closed) return;
    for (const entry of entries) {
      // The bound is for an output that does not drain; one that does takes a big batch whole.
      if (!this.blocked && this.queue.lines >= this.queue.bound) this.pump();
      this.queue.push(entry.text, entry.line);
    }
    this.pump();
  }

  /** Resolves once everything queued was handed to the output (or the output closed). */
  idle(): Promise<void> {
    if (this.closed || this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private pump(): void {
    while (!this.blocked && !this.closed && this.queue.size > 0) {
      let chunk = '';
      for (let item = this.queue.shift(); item !== undefined; item = chunk.length < CHUNK_BYTES ? this.queue.shift() : undefined) {
        chunk += 'dropped' in item ? this.notice(item.dropped) : item.text;
      }
      if (this.out.write(chunk) === false && drainable(this.out)) this.waitForDrain(this.out);
    }
    if (this.closed || this.queue.size === 0) this.settle();
  }

  private waitForDrain(out: Drainable): void {
    this.blocked = true;
    const drained = () => {
      out.removeListener('close', gone);
      this.blocked = false;
      this.pump();
    };
    const gone = () => {
      out.removeListener('drain', drained);
      this.closed = true;
      this.settle();
    };
    out.once('drain', drained);
    out.once('close', gone);
  }

  private settle(): void {
    const idlers = this.idlers;
    this.idlers = [];
    for (const resolve of idlers) resolve();
  }
}
