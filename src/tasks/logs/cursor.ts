/**
 * Resuming a container's log exactly. Every line is requested with its timestamp; the cursor is
 * the newest timestamp delivered and how many lines carried it. A new request asks for lines
 * since that time, and the API answers from the start of that second (it truncates sinceTime),
 * so the reader skips what is older than the cursor and the first `count` lines at the cursor's
 * own timestamp: several lines often share one (a burst written at once, millisecond clocks).
 * Pure: no IO, no clock.
 */
import type { LogQuery } from '../../kube/logs.js';

export interface TimedLine {
  /** The API's RFC 3339 timestamp; absent when a line had none. */
  time: string | undefined;
  text: string;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Nanoseconds since the epoch, comparable across fraction lengths and offsets; undefined if not a timestamp. */
export function timeKey(raw: string): bigint | undefined {
  const match = TIMESTAMP.exec(raw);
  if (match === null) return undefined;
  const millis = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** `<timestamp> <text>` as the API writes it with timestamps=true. */
export function splitTimestamp(line: string): TimedLine {
  const space = line.indexOf(' ');
  const head = space < 0 ? line : line.slice(0, space);
  if (!TIMESTAMP.test(head)) return { time: undefined, text: line };
  return { time: head, text: space < 0 ? '' : line.slice(space + 1) };
}

/** Turns chunks of a stream into whole lines; a line cut between chunks waits for its end. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.rest = text;
      return [];
    }
    this.rest = text.slice(last + 1);
    return text.slice(0, last).split('\n');
  }

  /** What is left when the stream ended cleanly: a last line without a newline. */
  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}

export class Cursor {
  /** Newest timestamp delivered, as the API wrote it (what sinceTime gets). */
  time: string | undefined;
  /** Lines delivered with exactly that timestamp. */
  count = 0;
  /** Lines delivered in all. */
  delivered = 0;

  get empty(): boolean {
    return this.time === undefined;
  }

  /** Starts reading a new response: decides for each of its lines, in order, whether it is new. */
  reader(): (line: TimedLine) => boolean {
    const skipKey = this.time === undefined ? undefined : timeKey(this.time);
    let skipLeft = this.count;
    // Only the start of a response can overlap what was delivered; past the resume point
    // everything is new, even if a clock stepped back. So timestamps are parsed only until then.
    let resumed = skipKey === undefined;
    return (line) => {
      if (!resumed && line.time !== undefined && skipKey !== undefined) {
        const key = timeKey(line.time);
        if (key !== undefined && key < skipKey) return false;
        if (key === skipKey && skipLeft > 0) {
          skipLeft--;
          return false;
        }
      }
      resumed = true;
      this.advance(line.time);
      return true;
    };
  }

  private advance(time: string | undefined): void {
    this.delivered++;
    if (time === undefined) return;
    // One server writes one instant one way (RFC 3339 with nanoseconds, trailing zeros cut).
    if (time === this.time) this.count++;
    else {
      this.time = time;
      this.count = 1;
    }
  }
}

/** How the first request of a container was made: the user's --tail and --since. */
export interface StartQuery {
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
}

/**
 * The query that continues where the reader stopped. With a cursor, lines since its time. Without
 * one (nothing delivered yet), `elapsedMs` after the first request: a --tail or --since start is
 * widened by the time passed, by the server's clock, so nothing written meanwhile is missed.
 */
export function resumeQuery(start: StartQuery, cursor: Cursor, elapsedMs: number | undefined): Pick<LogQuery, 'sinceTime' | 'sinceSeconds' | 'tailLines'> {
  if (cursor.time !== undefined) return { sinceTime: cursor.time };
  if (elapsedMs === undefined) return { tailLines: start.tailLines, sinceSeconds: start.sinceSeconds };
  const elapsed = Math.ceil(elapsedMs / 1000) + 1;
  if (start.sinceSeconds !== undefined) return { sinceSeconds: start.sinceSeconds + elapsed };
  if (start.tailLines !== undefined) return { sinceSeconds: elapsed };
  return {};
}
