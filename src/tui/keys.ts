/**
 * Key bindings: one table read by the key handler, the footer and the help overlay, so what the
 * screen says a key does is what it does.
 */
import type { Key } from 'ink';
import type { Mode } from './ui-state.js';

export type Command =
  | 'up' | 'down' | 'half-page-up' | 'half-page-down' | 'top' | 'bottom'
  | 'toggle' | 'expand' | 'collapse'
  | 'pause' | 'follow' | 'logs-page-up' | 'logs-page-down'
  | 'timestamps' | 'wrap' | 'previous' | 'save' | 'describe' | 'clear-logs'
  | 'filter' | 'clear-filter' | 'help' | 'quit' | 'teardown'
  | 'close' | 'confirm' | 'cancel'
  | 'chaos-stop' | 'chaos-kill' | 'chaos-partition' | 'chaos-clear' | 'transfer'
  | 'filter-backspace' | 'filter-erase' | 'filter-commit' | 'filter-cancel'
  | { type: 'filter-type'; text: string };

type Binding = { keys: string; does: string; command: Command; match: (input: string, key: Key) => boolean };

const is = (...inputs: string[]) => (input: string, key: Key) => !key.ctrl && !key.meta && inputs.includes(input);
const ctrl = (letter: string) => (input: string, key: Key) => key.ctrl && input === letter;

export const NORMAL: readonly Binding[] = [
  { keys: '↑ ↓ k j', does: 'move', command: 'up', match: (i, k) => k.upArrow || is('k')(i, k) },
  { keys: '', does: '', command: 'down', match: (i, k) => k.downArrow || is('j')(i, k) },
  { keys: 'Enter', does: 'expand or collapse the row', command: 'toggle', match: (_, k) => k.return },
  { keys: '→ l  ← h', does: 'expand / collapse (← on a closed row: go to its parent)', command: 'expand', match: (i, k) => k.rightArrow || is('l')(i, k) },
  { keys: '', does: '', command: 'collapse', match: (i, k) => k.leftArrow || is('h')(i, k) },
  { keys: 'g G', does: 'first / last row', command: 'top', match: (i, k) => k.home || is('g')(i, k) },
  { keys: '', does: '', command: 'bottom', match: is('G') },
  { keys: 'ctrl-u ctrl-d', does: 'half a page up / down in the tree', command: 'half-page-up', match: ctrl('u') },
  { keys: '', does: '', command: 'half-page-down', match: ctrl('d') },
  { keys: '/', does: 'filter the log: a regex keeps matching lines, !regex hides them', command: 'filter', match: is('/') },
  { keys: 'Esc', does: 'clear the filter', command: 'clear-filter', match: (_, k) => k.escape },
  { keys: 'space p', does: 'pause / resume autoscroll', command: 'pause', match: is(' ', 'p') },
  { keys: 'PgUp PgDn', does: 'scroll the log (scrolling up pauses it)', command: 'logs-page-up', match: (_, k) => k.pageUp },
  { keys: '', does: '', command: 'logs-page-down', match: (_, k) => k.pageDown },
  { keys: 'End', does: 'jump to the newest line and follow', command: 'follow', match: (_, k) => k.end },
  { keys: 't', does: 'show timestamps', command: 'timestamps', match: is('t') },
  { keys: 'w', does: 'wrap long lines', command: 'wrap', match: is('w') },
  { keys: 'P', does: "the selected pod's previous container (after a crash)", command: 'previous', match: is('P') },
  { keys: 'c', does: 'clear the log pane', command: 'clear-logs', match: is('c') },
  { keys: 's', does: 'save the lines in the pane (filtered) to a file', command: 'save', match: is('s') },
  { keys: 'd', does: 'describe the selected row: events, conditions, why it is not ready', command: 'describe', match: is('d') },
  { keys: '?', does: 'this help', command: 'help', match: is('?') },
  { keys: 'q ctrl-c', does: 'quit; the devnet keeps running', command: 'quit', match: (i, k) => is('q')(i, k) || ctrl('c')(i, k) },
  { keys: 'D', does: 'tear the devnet down (asks first)', command: 'teardown', match: is('D') },
  { keys: 'S X', does: 'stop or start, cut off or heal the selected validator, component or pod', command: 'chaos-stop', match: is('S') },
  { keys: '', does: '', command: 'chaos-partition', match: is('X') },
  { keys: 'K C', does: 'kill the selected pod / undo every fault devnet chaos put in (each asks first)', command: 'chaos-kill', match: is('K') },
  { keys: '', does: '', command: 'chaos-clear', match: is('C') },
  { keys: 'T', does: 'make one transfer with the wallet devnet up handed over, and time it (Linera)', command: 'transfer', match: is('T') },
];

const OVERLAY: readonly Binding[] = [
  { keys: '', does: '', command: 'quit', match: ctrl('c') },
  { keys: '', does: '', command: 'close', match: (i, k) => k.escape || is('q', '?', 'd')(i, k) },
  { keys: '', does: '', command: 'up', match: (i, k) => k.upArrow || is('k')(i, k) },
  { keys: '', does: '', command: 'down', match: (i, k) => k.downArrow || is('j')(i, k) },
  { keys: '', does: '', command: 'logs-page-up', match: (i, k) => k.pageUp || ctrl('u')(i, k) },
  { keys: '', does: '', command: 'logs-page-down', match: (i, k) => k.pageDown || ctrl('d')(i, k) || is(' ')(i, k) },
  { keys: '', does: '', command: 'top', match: (i, k) => k.home || is('g')(i, k) },
  { keys: '', does: '', command: 'bottom', match: (i, k) => k.end || is('G')(i, k) },
];

function filterCommand(input: string, key: Key): Command | null {
  if (key.ctrl && input === 'c') return 'quit';
  if (key.ctrl && input === 'u') return 'filter-erase';
  if (key.return) return 'filter-commit';
  if (key.escape) return 'filter-cancel';
  if (key.backspace || key.delete) return 'filter-backspace';
  if (key.ctrl || key.meta || input === '') return null;
  return { type: 'filter-type', text: input };
}

function confirmCommand(input: string, key: Key): Command {
  if (key.ctrl && input === 'c') return 'quit';
  return input === 'y' || input === 'Y' ? 'confirm' : 'cancel';
}

export function commandFor(mode: Mode, input: string, key: Key): Command | null {
  switch (mode) {
    case 'filter':
      return filterCommand(input, key);
    case 'confirm-teardown':
    case 'confirm-chaos':
      return confirmCommand(input, key);
    case 'tearing-down':
      return key.ctrl && input === 'c' ? 'quit' : null;
    case 'help':
    case 'describe':
      return OVERLAY.find((b) => b.match(input, key))?.command ?? null;
    case 'normal':
      return NORMAL.find((b) => b.match(input, key))?.command ?? null;
  }
}

/** The bindings worth a line in the help overlay. */
export function helpLines(): { keys: string; does: string }[] {
  return NORMAL.filter((b) => b.keys !== '').map(({ keys, does }) => ({ keys, does }));
}

/** Footer hints in display order, with how much each is worth the room (1 first) on a narrow screen. */
export const FOOTER_HINTS: readonly (readonly [key: string, does: string, priority: number])[] = [
  ['↑↓', 'move', 1],
  ['⏎', 'open', 2],
  ['/', 'filter', 3],
  ['space', 'pause', 4],
  ['d', 'describe', 5],
  ['P', 'previous', 7],
  ['t', 'time', 9],
  ['s', 'save', 8],
  ['S K X C', 'faults', 6],
  ['T', 'transfer', 6],
  ['D', 'tear down', 10],
  ['q', 'quit', 1],
  ['?', 'help', 1],
];
