/**
 * Styled text as data. View models carry segments with a tone (a role from the one theme, never a
 * colour name), so they can be built and tested without a terminal.
 */
import type { PodState } from './model.js';

export type Tone = 'ok' | 'warning' | 'error' | 'hint' | 'dim' | 'bold' | 'accent';

export interface Segment {
  text: string;
  tone?: Tone;
  /** Coloured by this name's stable palette colour (a pod), as `devnet logs` colours it. */
  keyed?: string;
  /** A filter match. */
  highlight?: boolean;
}

export function plain(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}

export interface StateStyle {
  glyph: string;
  tone: Tone | undefined;
}

const STATE_STYLES: Record<PodState, StateStyle> = {
  ready: { glyph: '●', tone: 'ok' },
  starting: { glyph: '◐', tone: 'warning' },
  pending: { glyph: '○', tone: 'dim' },
  waiting: { glyph: '◌', tone: 'warning' },
  failing: { glyph: '✖', tone: 'error' },
  succeeded: { glyph: '✔', tone: 'ok' },
  failed: { glyph: '✖', tone: 'error' },
  terminating: { glyph: '…', tone: 'dim' },
  unknown: { glyph: '?', tone: 'dim' },
};

export function stateStyle(state: PodState): StateStyle {
  return STATE_STYLES[state];
}

/** Code points, not UTF-16 units, so a glyph or an accent counts once. */
export function displayLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Exactly `width` columns: cut with an ellipsis, or padded on the right. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length > width) return `${chars.slice(0, width - 1).join('')}…`;
  return text + ' '.repeat(width - chars.length);
}

export function fitLeft(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length >= width) return fit(text, width);
  return ' '.repeat(width - chars.length) + text;
}

/** Cuts a row of segments to `width` columns, so no line ever wraps. */
export function clip(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let room = width;
  for (const segment of segments) {
    if (room <= 0) break;
    const length = displayLength(segment.text);
    if (length <= room) {
      out.push(segment);
      room -= length;
    } else {
      out.push({ ...segment, text: fit(segment.text, room) });
      room = 0;
    }
  }
  return out;
}
