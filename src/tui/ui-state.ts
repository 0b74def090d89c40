/** What the person at the keyboard has chosen: selection, expansions, pause, filter, overlays. Pure. */
import type { ChaosAsk } from './faults.js';
import type { TransferResult } from './model.js';
import { NO_TRANSFER, type TransferState } from './response.js';
import { parseFilter, type LogFilter } from './log-filter.js';
import type { Tone } from './segments.js';
import { ROOT_ID } from './tree-model.js';

export type Mode = 'normal' | 'filter' | 'help' | 'describe' | 'confirm-teardown' | 'tearing-down' | 'confirm-chaos';

export interface DescribeView {
  title: string;
  /** null while the source is still answering. */
  lines: string[] | null;
  error: string | null;
  request: number;
}

export interface Status {
  text: string;
  tone: Tone;
}

export interface UiState {
  mode: Mode;
  /** Ids from the root to the selected row. */
  path: readonly string[];
  expanded: ReadonlyMap<string, boolean>;
  /** Where a paused log view ends (absolute entry index); null while following. */
  anchor: number | null;
  showTime: boolean;
  wrap: boolean;
  previous: boolean;
  filter: LogFilter | null;
  draft: string;
  draftError: string | null;
  /** The filter to restore when editing is cancelled. */
  filterBefore: LogFilter | null;
  describe: DescribeView | null;
  /** First line shown in the help or describe overlay. */
  overlayOffset: number;
  status: Status | null;
  /** The fault key waiting for y/n. */
  ask: ChaosAsk | null;
  /** The fault action running now, in words ("Stopping validator-1"); one at a time. */
  busy: string | null;
  /** The transfer key's: one at a time, and the last one's outcome for the header. */
  transfer: TransferState;
}

export type UiAction =
  | { type: 'select'; path: readonly string[] }
  | { type: 'expand'; id: string; open: boolean }
  | { type: 'pause'; at: number }
  | { type: 'follow' }
  | { type: 'toggle'; flag: 'showTime' | 'wrap' | 'previous' }
  | { type: 'filter-open' }
  | { type: 'filter-draft'; text: string }
  | { type: 'filter-commit' }
  | { type: 'filter-cancel' }
  | { type: 'filter-clear' }
  | { type: 'mode'; mode: Mode }
  | { type: 'describe-start'; title: string; request: number }
  | { type: 'describe-done'; request: number; lines: string[] | null; error: string | null }
  | { type: 'overlay-scroll'; offset: number }
  | { type: 'status'; status: Status | null }
  | { type: 'chaos-ask'; ask: ChaosAsk }
  | { type: 'chaos-busy'; doing: string | null }
  | { type: 'transfer-start'; at: number }
  | { type: 'transfer-done'; result: TransferResult | null };

export const initialUi: UiState = {
  mode: 'normal',
  path: [ROOT_ID],
  expanded: new Map(),
  anchor: null,
  showTime: false,
  wrap: false,
  previous: false,
  filter: null,
  draft: '',
  draftError: null,
  filterBefore: null,
  describe: null,
  overlayOffset: 0,
  status: null,
  ask: null,
  busy: null,
  transfer: NO_TRANSFER,
};

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export function reduceUi(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'select':
      // Another row is another stream: start following it, on its current container.
      return samePath(state.path, action.path) ? state : { ...state, path: action.path, anchor: null, previous: false };
    case 'expand':
      return { ...state, expanded: new Map(state.expanded).set(action.id, action.open) };
    case 'pause':
      return { ...state, anchor: action.at };
    case 'follow':
      return { ...state, anchor: null };
    case 'toggle':
      return { ...state, [action.flag]: !state[action.flag], ...(action.flag === 'previous' ? { anchor: null } : {}) };
    case 'filter-open':
      return { ...state, mode: 'filter', draft: state.filter?.text ?? '', draftError: null, filterBefore: state.filter };
    case 'filter-draft':
      return filterDraft(state, action.text);
    case 'filter-commit':
      return state.draftError === null ? { ...state, mode: 'normal' } : state;
    case 'filter-cancel':
      return { ...state, mode: 'normal', filter: state.filterBefore, draftError: null };
    case 'filter-clear':
      return { ...state, filter: null, draft: '' };
    case 'mode':
      return { ...state, mode: action.mode, overlayOffset: 0, ...(action.mode === 'describe' ? {} : { describe: null }), ...(action.mode === 'confirm-chaos' ? {} : { ask: null }) };
    case 'describe-start':
      return { ...state, mode: 'describe', overlayOffset: 0, describe: { title: action.title, lines: null, error: null, request: action.request } };
    case 'describe-done':
      if (state.describe?.request !== action.request) return state;
      return { ...state, describe: { ...state.describe, lines: action.lines, error: action.error } };
    case 'overlay-scroll':
      return { ...state, overlayOffset: Math.max(0, action.offset) };
    case 'status':
      return { ...state, status: action.status };
    case 'chaos-ask':
      return { ...state, mode: 'confirm-chaos', ask: action.ask, status: null };
    case 'chaos-busy':
      return { ...state, busy: action.doing };
    case 'transfer-start':
      return { ...state, transfer: { ...state.transfer, startedAt: action.at } };
    case 'transfer-done':
      // null: it could not be made at all (the status line says why); the last outcome stays.
      return { ...state, transfer: { startedAt: null, last: action.result ?? state.transfer.last } };
  }
}

// The filter follows the draft as it is typed; a pattern that does not compile leaves the last good one.
function filterDraft(state: UiState, text: string): UiState {
  const parsed = parseFilter(text);
  if (!parsed.ok) return { ...state, draft: text, draftError: parsed.error };
  return { ...state, draft: text, draftError: null, filter: parsed.filter };
}
