/**
 * The log pane's memory: a bounded ring of lines and stream markers, so ten minutes of a busy
 * devnet cost the same as ten seconds. What falls off the front is counted, never hidden.
 */
import type { LogEvent, LogLine } from './model.js';

export type LogEntry =
  | { kind: 'line'; seq: number; line: LogLine; /** The text made safe for one terminal row. */ text: string }
  | { kind: 'event'; seq: number; event: LogEvent };

export const DEFAULT_BUFFER_LINES = 5_000;

// Escape sequences and control characters in a pod's output would move the cursor or recolour the
// dashboard; tabs would break column counting. Matching control characters is the point here.
/* eslint-disable no-control-regex */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f]/;
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

export function safeText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(ESCAPES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
}

export class LogBuffer {
  private readonly items: (LogEntry | undefined)[];
  private start = 0;
  /** Entries held now. */
  size = 0;
  /** Entries ever appended; an entry's absolute index is stable while it is held. */
  total = 0;
  /** Entries pushed out of the front by newer ones. */
  dropped = 0;
  /** Lines the source itself reported as lost (a `dropped` event). */
  streamDropped = 0;
  private lastSeq = Number.NEGATIVE_INFINITY;

  constructor(readonly capacity: number = DEFAULT_BUFFER_LINES) {
    this.items = new Array<LogEntry | undefined>(Math.max(1, capacity));
  }

  /** Absolute index of the oldest entry held. */
  get first(): number {
    return this.total - this.size;
  }

  /** The entry at an absolute index, when it is still held. */
  at(absolute: number): LogEntry | undefined {
    const offset = absolute - this.first;
    if (offset < 0 || offset >= this.size) return undefined;
    return this.items[(this.start + offset) % this.items.length];
  }

  pushLines(lines: readonly LogLine[]): void {
    for (const line of lines) this.append({ kind: 'line', seq: line.seq, line, text: safeText(line.text) });
  }

  pushEvent(event: LogEvent): void {
    if (event.kind === 'dropped') this.streamDropped += event.count;
    // A marker belongs after the lines already seen, whatever their sequence numbers.
    this.append({ kind: 'event', seq: this.lastSeq, event });
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.total = 0;
    this.dropped = 0;
    this.streamDropped = 0;
    this.lastSeq = Number.NEGATIVE_INFINITY;
  }

  private append(entry: LogEntry): void {
    const cap = this.items.length;
    if (this.size === cap) {
      this.items[this.start] = undefined;
      this.start = (this.start + 1) % cap;
      this.size--;
      this.dropped++;
    }
    const slot = (this.start + this.size) % cap;
    this.items[slot] = entry;
    this.size++;
    this.total++;
    if (entry.seq > this.lastSeq) this.lastSeq = entry.seq;
    else if (entry.kind === 'line') this.sinkIntoPlace(slot);
  }

  /** Batches from different pods can interleave; keep the pane in sequence order. */
  private sinkIntoPlace(slot: number): void {
    const cap = this.items.length;
    let here = slot;
    for (let moved = 1; moved < this.size; moved++) {
      const before = (here - 1 + cap) % cap;
      const prev = this.items[before];
      const cur = this.items[here];
      if (prev === undefined || cur === undefined || prev.seq <= cur.seq) return;
      this.items[before] = cur;
      this.items[here] = prev;
      here = before;
    }
  }
}
