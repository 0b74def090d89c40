/**
 * Everything the screen shows, as data: built from the topology, the log window and the UI state,
 * handed to components that only draw it.
 */
import { formatCount, plural } from './format.js';
import { FOOTER_HINTS, helpLines } from './keys.js';
import type { LogBuffer } from './log-buffer.js';
import type { PodState, TopologyView } from './model.js';
import { clip, displayLength, fit, stateStyle, type Segment } from './segments.js';
import type { TreeNode } from './tree-model.js';
import type { TreeRowView } from './tree-rows.js';
import type { UiState } from './ui-state.js';

export interface HeaderView {
  lines: Segment[][];
}

export interface TreeView {
  rows: TreeRowView[];
  /** A line under the rows when there is little to show: connecting, or no pods yet. */
  note: Segment[];
}

export interface OverlayView {
  title: Segment[];
  lines: Segment[][];
}

const width = (segments: readonly Segment[]) => segments.reduce((n, s) => n + displayLength(s.text), 0);

/** `left` cut to leave room for `right`, which sits against the right edge. */
export function spread(left: readonly Segment[], right: readonly Segment[], columns: number): Segment[] {
  const room = columns - width(right) - 1;
  if (room < 8) return clip(left, columns);
  const cut = clip(left, room);
  return [...cut, { text: ' '.repeat(Math.max(1, columns - width(cut) - width(right))) }, ...right];
}

export function treeNote(view: TopologyView | undefined): Segment[] {
  if (view === undefined) return [{ text: '   Connecting to the devnet…', tone: 'dim' }];
  if (view.validators.length > 0) return [];
  return [{ text: '   Waiting for the first pods: validators appear here as devnet up creates them.', tone: 'dim' }];
}

export interface LogTitleInput {
  target: string;
  ui: UiState;
  buffer: LogBuffer;
  columns: number;
}

export function logTitle({ target, ui, buffer, columns }: LogTitleInput): Segment[] {
  const parts: Segment[] = [{ text: '── ', tone: 'dim' }, { text: `logs: ${target}`, tone: 'bold' }];
  const add = (segment: Segment) => parts.push({ text: ' · ', tone: 'dim' }, segment);
  const fresh = ui.anchor === null ? 0 : Math.max(0, buffer.total - ui.anchor);
  if (ui.anchor !== null) add({ text: fresh > 0 ? `⏸ paused, ${plural(fresh, 'new line')}` : '⏸ paused', tone: 'warning' });
  if (ui.previous) add({ text: 'previous container', tone: 'warning' });
  if (ui.filter !== null) add({ text: ui.filter.exclude ? `hiding /${ui.filter.text.slice(1)}/` : `filter /${ui.filter.text}/`, tone: 'accent' });
  if (buffer.streamDropped > 0) add({ text: `${formatCount(buffer.streamDropped)} lost by the stream`, tone: 'warning' });
  if (buffer.dropped > 0) add({ text: `${formatCount(buffer.dropped)} dropped from the buffer`, tone: 'dim' });
  add({ text: plural(buffer.size, 'line'), tone: 'dim' });
  const used = width(parts);
  return [...clip(parts, columns - 1), { text: ` ${'─'.repeat(Math.max(0, columns - used - 1))}`, tone: 'dim' }];
}

export function emptyLogRows(ui: UiState, buffer: LogBuffer, target: string): Segment[][] {
  if (buffer.size === 0) return [[{ text: `No log lines from ${target} yet.`, tone: 'dim' }]];
  if (ui.filter !== null) return [[{ text: `No line matches ${ui.filter.text}; Esc clears the filter.`, tone: 'dim' }]];
  return [];
}

/** `transfer`: the network has the transfer key here (Linera), so the hints offer it. */
export function footer(ui: UiState, devnet: string, columns: number, transfer = false): Segment[] {
  switch (ui.mode) {
    case 'filter': {
      const hint: Segment = ui.draftError !== null ? { text: `  ✖ ${ui.draftError}`, tone: 'error' } : { text: '  Enter keeps it · Esc cancels · !regex hides matches', tone: 'dim' };
      return clip([{ text: '/', tone: 'accent' }, { text: ui.draft }, { text: '▏', tone: 'dim' }, hint], columns);
    }
    case 'confirm-teardown':
      return clip([{ text: `Tear down devnet ${devnet}? `, tone: 'warning' }, { text: 'y/N' , tone: 'bold' }], columns);
    case 'confirm-chaos':
      return clip([{ text: `${ui.ask?.question ?? ''} `, tone: 'warning' }, { text: 'y/N', tone: 'bold' }], columns);
    case 'tearing-down':
      return clip([{ text: `Tearing down devnet ${devnet}…`, tone: 'warning' }], columns);
    case 'help':
    case 'describe':
      return clip([{ text: 'Esc closes · ↑↓ PgUp PgDn scroll', tone: 'dim' }], columns);
    case 'normal':
      if (ui.status !== null) return clip([{ text: ui.status.text, tone: ui.status.tone }], columns);
      return hints(columns, transfer);
  }
}

/** As many key hints as fit, chosen by usefulness, shown in their usual order. */
function hints(columns: number, transfer: boolean): Segment[] {
  const cost = ([key, does]: readonly [string, string, number]) => displayLength(key) + displayLength(does) + 3;
  const offered = FOOTER_HINTS.filter(([key]) => transfer || key !== 'T');
  const byUse = [...offered].sort((a, b) => a[2] - b[2]);
  const chosen = new Set<string>();
  let used = 0;
  for (const hint of byUse) {
    if (used + cost(hint) > columns) continue;
    chosen.add(hint[0]);
    used += cost(hint);
  }
  const shown = offered.filter(([key]) => chosen.has(key));
  return clip(shown.flatMap(([key, does]) => [{ text: key, tone: 'hint' as const }, { text: ` ${does}  `, tone: 'dim' as const }]), columns);
}

const LEGEND: PodState[] = ['ready', 'starting', 'pending', 'waiting', 'failing', 'succeeded', 'terminating', 'unknown'];

export function helpOverlay(): OverlayView {
  const lines: Segment[][] = helpLines().map(({ keys, does }) => [{ text: `  ${fit(keys, 15)}`, tone: 'hint' }, { text: does }]);
  const legend = (states: PodState[]): Segment[] =>
    states.flatMap((state) => {
      const style = stateStyle(state);
      return [{ text: style.glyph, ...(style.tone ? { tone: style.tone } : {}) }, { text: ` ${fit(state, 12)}` }];
    });
  return {
    title: [{ text: 'Keys', tone: 'bold' }, { text: ' · the log pane follows the selected row; the root follows every pod', tone: 'dim' }],
    lines: [...lines, [{ text: '  ' }, ...legend(LEGEND.slice(0, 4))], [{ text: '  ' }, ...legend(LEGEND.slice(4))]],
  };
}

export function describeOverlay(ui: UiState): OverlayView {
  const d = ui.describe;
  if (d === null) return { title: [], lines: [] };
  const title: Segment[] = [{ text: `describe ${d.title}`, tone: 'bold' }];
  if (d.error !== null) return { title, lines: [[{ text: `Could not describe it: ${d.error}`, tone: 'error' }]] };
  if (d.lines === null) return { title, lines: [[{ text: 'Asking the cluster…', tone: 'dim' }]] };
  if (d.lines.length === 0) return { title, lines: [[{ text: 'Nothing to report.', tone: 'dim' }]] };
  return { title, lines: d.lines.map((text) => [{ text }]) };
}

/** A name for what the log pane follows, e.g. "validator-0/shards". */
export function targetLabel(node: TreeNode | undefined, stickyPod: string | null): string {
  if (stickyPod !== null) return `${stickyPod} (gone, waiting for it)`;
  if (node === undefined || node.kind === 'devnet') return 'all pods';
  if (node.kind === 'component') return `${node.validator?.name ?? ''}/${node.label}`;
  return node.label;
}
