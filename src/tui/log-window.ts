/**
 * The part of the log buffer that fits the pane: only these rows are ever built, so a full buffer
 * costs no more to draw than a dozen lines.
 */
import { clockTime } from './format.js';
import type { LogBuffer, LogEntry } from './log-buffer.js';
import { keeps, matchRanges, type LogFilter } from './log-filter.js';
import type { LogEvent, LogLine } from './model.js';
import { displayLength, fit, type Segment } from './segments.js';

export interface LogViewOptions {
  height: number;
  width: number;
  filter: LogFilter | null;
  /** Absolute index the view ends before while paused; null follows the newest line. */
  anchor: number | null;
  wrap: boolean;
  showTime: boolean;
  /**
   * How lines name their pod: not at all when one pod is selected, by name within one validator,
   * and with the validator's namespace across validators (every validator has a `shard-0`).
   */
  pods: 'hidden' | 'name' | 'qualified';
  /** Namespaces start with the devnet's name; it is cut from qualified pod names. */
  devnet: string;
}

export interface LogWindow {
  rows: Segment[][];
  /** Absolute index of the oldest entry shown (equals `end` when nothing is shown). */
  start: number;
  end: number;
}

const TIME_W = 12;

export function podLabel(key: string, o: Pick<LogViewOptions, 'pods' | 'devnet'>): string {
  const slash = key.indexOf('/');
  if (slash < 0) return key;
  if (o.pods !== 'qualified') return key.slice(slash + 1);
  const namespace = key.slice(0, slash);
  const short = namespace.startsWith(`${o.devnet}-`) ? namespace.slice(o.devnet.length + 1) : namespace;
  return `${short}/${key.slice(slash + 1)}`;
}

function passes(entry: LogEntry, filter: LogFilter | null): boolean {
  // Markers (a pod came or went) stay visible whatever the filter: they explain gaps.
  return entry.kind === 'event' || keeps(filter, entry.text);
}

function eventSegments(event: LogEvent, o: Pick<LogViewOptions, 'pods' | 'devnet'>): Segment[] {
  // Markers always name the pod, even when it is the only one shown: they are about the pod itself.
  const pod = (key: string): Segment => ({ text: podLabel(key, { ...o, pods: o.pods === 'hidden' ? 'name' : o.pods }), keyed: key });
  switch (event.kind) {
    case 'pod-added':
      return [{ text: '+ ', tone: 'ok' }, pod(event.pod), { text: ' appeared', tone: 'dim' }];
    case 'pod-removed':
      return [{ text: '- ', tone: 'error' }, pod(event.pod), { text: ' went away', tone: 'dim' }];
    case 'container-restarted':
      return [{ text: '↻ ', tone: 'warning' }, pod(event.pod), { text: ` ${event.container} restarted (restart ${event.restarts})`, tone: 'warning' }];
    case 'reconnecting':
      return [{ text: '… ', tone: 'dim' }, pod(event.pod), { text: ` reconnecting: ${event.reason}`, tone: 'dim' }];
    case 'dropped':
      return [{ text: `⚠ ${event.count.toLocaleString('en-US')} lines dropped by the log stream`, tone: 'warning' }];
  }
}

function prefixSegments(line: LogLine, o: LogViewOptions): Segment[] {
  const out: Segment[] = [];
  if (o.showTime) out.push({ text: `${fit(clockTime(line.time), TIME_W)} `, tone: 'dim' });
  if (o.pods !== 'hidden') out.push({ text: `${podLabel(line.pod, o)} `, keyed: line.pod });
  out.push({ text: `${line.container} `, tone: 'dim' });
  return out;
}

/** Splits `text` into plain and highlighted pieces. */
export function highlight(text: string, filter: LogFilter | null): Segment[] {
  const ranges = matchRanges(filter, text);
  if (ranges.length === 0) return [{ text }];
  const out: Segment[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) out.push({ text: text.slice(at, r.start) });
    out.push({ text: text.slice(r.start, r.end), highlight: true });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

// Longer text is cut before highlighting so a 64 KiB line costs the same as a short one.
function head(text: string, units: number): string {
  if (text.length <= units) return text;
  const cut = text.slice(0, units);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function chunks(text: string, first: number, rest: number, max: number): string[] {
  const chars = Array.from(head(text, (first + rest * max) * 2));
  const out: string[] = [chars.slice(0, first).join('')];
  for (let at = first; at < chars.length && out.length < max; at += rest) out.push(chars.slice(at, at + rest).join(''));
  return out;
}

function entryRows(entry: LogEntry, o: LogViewOptions): Segment[][] {
  const timePad: Segment[] = o.showTime ? [{ text: ' '.repeat(TIME_W + 1) }] : [];
  if (entry.kind === 'event') return [[...timePad, ...eventSegments(entry.event, o)]];
  const prefix = prefixSegments(entry.line, o);
  const used = prefix.reduce((n, s) => n + displayLength(s.text), 0);
  if (!o.wrap) return [[...prefix, ...highlight(head(entry.text, o.width + 16), o.filter)]];
  const parts = chunks(entry.text, Math.max(8, o.width - used), Math.max(8, o.width - 2), o.height);
  return parts.map((part, i) => (i === 0 ? [...prefix, ...highlight(part, o.filter)] : [{ text: '  ' }, ...highlight(part, o.filter)]));
}

export function logWindow(buffer: LogBuffer, o: LogViewOptions): LogWindow {
  const end = o.anchor === null ? buffer.total : Math.min(buffer.total, Math.max(buffer.first, o.anchor));
  const rows: Segment[][] = [];
  let start = end;
  for (let i = end - 1; i >= buffer.first && rows.length < o.height; i--) {
    const entry = buffer.at(i);
    if (entry === undefined || !passes(entry, o.filter)) continue;
    rows.unshift(...entryRows(entry, o));
    start = i;
  }
  return { rows: rows.slice(Math.max(0, rows.length - o.height)), start, end };
}

/** Where a paused view ends after paging down by about one pane of shown entries. */
export function pageDownAnchor(buffer: LogBuffer, filter: LogFilter | null, anchor: number, height: number): number {
  let shown = 0;
  let i = Math.max(anchor, buffer.first);
  for (; i < buffer.total && shown < height; i++) {
    const entry = buffer.at(i);
    if (entry !== undefined && passes(entry, filter)) shown++;
  }
  return i;
}

/** Every held entry the filter keeps, as plain text: what `s` saves. */
export function plainLines(buffer: LogBuffer, filter: LogFilter | null): string[] {
  const out: string[] = [];
  const names = { pods: 'qualified', devnet: '' } as const;
  for (let i = buffer.first; i < buffer.total; i++) {
    const entry = buffer.at(i);
    if (entry === undefined || !passes(entry, filter)) continue;
    if (entry.kind === 'event') out.push(eventSegments(entry.event, names).map((s) => s.text).join(''));
    else out.push(`${entry.line.time !== undefined ? `${entry.line.time} ` : ''}${entry.line.pod} ${entry.line.container} ${entry.text}`);
  }
  return out;
}
