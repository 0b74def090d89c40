/**
 * What each command does, given the dashboard as it is right now. Display state changes go through
 * the reducer; the rest (describe, save, teardown, quit) through the injected source and callbacks.
 */
import type { Clock } from './clock.js';
import type { Command } from './keys.js';
import type { LogFeed } from './hooks/use-logs.js';
import type { Layout } from './layout.js';
import { pageDownAnchor, plainLines, type LogWindow } from './log-window.js';
import type { DashboardSource } from './model.js';
import { askFor, type ChaosAsk, type FaultKey } from './faults.js';
import { plural } from './format.js';
import { transferRefusal, transferStatus } from './response.js';
import { followedSelection, type TreeNode } from './tree-model.js';
import type { Status, UiAction, UiState } from './ui-state.js';

export type DashboardExit = 'quit' | 'teardown';

export interface CommandContext {
  ui: UiState;
  dispatch: (action: UiAction) => void;
  nodes: readonly TreeNode[];
  cursor: number;
  layout: Layout;
  feed: LogFeed;
  window: LogWindow;
  overlayLength: number;
  devnet: string;
  source: DashboardSource;
  save: ((lines: string[]) => Promise<string>) | undefined;
  exit: (result: DashboardExit) => void;
  nextRequest: () => number;
  clock: Clock;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function say(ctx: CommandContext, text: string, tone: Status['tone'] = 'dim'): void {
  ctx.dispatch({ type: 'status', status: { text, tone } });
}

function moveTo(ctx: CommandContext, index: number): void {
  const node = ctx.nodes[Math.max(0, Math.min(ctx.nodes.length - 1, index))];
  if (node !== undefined) ctx.dispatch({ type: 'select', path: node.path });
}

function expandOrEnter(ctx: CommandContext, node: TreeNode): void {
  if (!node.hasChildren) return;
  if (!node.expanded) ctx.dispatch({ type: 'expand', id: node.id, open: true });
  else moveTo(ctx, ctx.cursor + 1);
}

function collapseOrLeave(ctx: CommandContext, node: TreeNode): void {
  if (node.hasChildren && node.expanded) ctx.dispatch({ type: 'expand', id: node.id, open: false });
  else if (node.path.length > 1) ctx.dispatch({ type: 'select', path: node.path.slice(0, -1) });
}

function tree(ctx: CommandContext, command: Command): boolean {
  const node = ctx.nodes[ctx.cursor];
  const half = Math.max(1, Math.floor(ctx.layout.tree / 2));
  if (command === 'up') moveTo(ctx, ctx.cursor - 1);
  else if (command === 'down') moveTo(ctx, ctx.cursor + 1);
  else if (command === 'half-page-up') moveTo(ctx, ctx.cursor - half);
  else if (command === 'half-page-down') moveTo(ctx, ctx.cursor + half);
  else if (command === 'top') moveTo(ctx, 0);
  else if (command === 'bottom') moveTo(ctx, ctx.nodes.length - 1);
  else if (command === 'toggle' && node?.hasChildren) ctx.dispatch({ type: 'expand', id: node.id, open: !node.expanded });
  else if (command === 'expand' && node !== undefined) expandOrEnter(ctx, node);
  else if (command === 'collapse' && node !== undefined) collapseOrLeave(ctx, node);
  else return command === 'toggle' || command === 'expand' || command === 'collapse';
  return true;
}

function logs(ctx: CommandContext, command: Command): boolean {
  const { ui, feed, dispatch } = ctx;
  if (command === 'pause') dispatch(ui.anchor === null ? { type: 'pause', at: feed.buffer.total } : { type: 'follow' });
  else if (command === 'follow') dispatch({ type: 'follow' });
  else if (command === 'logs-page-up') dispatch({ type: 'pause', at: Math.max(feed.buffer.first, ctx.window.start) });
  else if (command === 'logs-page-down' && ui.anchor !== null) dispatch({ type: 'pause', at: pageDownAnchor(feed.buffer, ui.filter, ui.anchor, ctx.layout.logs) });
  else if (command === 'timestamps') dispatch({ type: 'toggle', flag: 'showTime' });
  else if (command === 'wrap') dispatch({ type: 'toggle', flag: 'wrap' });
  else if (command === 'clear-logs') {
    feed.clear();
    dispatch({ type: 'follow' });
  } else if (command === 'previous') previous(ctx);
  else if (command === 'save') save(ctx);
  else return command === 'logs-page-down';
  return true;
}

function previous(ctx: CommandContext): void {
  if (followedSelection(ctx.ui.path, ctx.nodes[ctx.cursor]).selection.kind !== 'pod') return say(ctx, 'P shows the previous container of one pod: select a pod first.', 'warning');
  ctx.dispatch({ type: 'toggle', flag: 'previous' });
  say(ctx, ctx.ui.previous ? 'Back to the current container.' : 'Showing the log of the previous container (the one before the last restart).');
}

function save(ctx: CommandContext): void {
  if (ctx.save === undefined) return say(ctx, 'Saving is not available here.', 'warning');
  const lines = plainLines(ctx.feed.buffer, ctx.ui.filter);
  if (lines.length === 0) return say(ctx, 'Nothing to save yet: the pane is empty.', 'warning');
  say(ctx, `Saving ${plural(lines.length, 'line')}…`);
  ctx.save(lines).then(
    (path) => say(ctx, `Saved ${plural(lines.length, 'line')} to ${path}`, 'ok'),
    (error: unknown) => say(ctx, `Could not save the log: ${message(error)}`, 'error'),
  );
}

function describe(ctx: CommandContext): void {
  const node = ctx.nodes[ctx.cursor];
  if (node?.describe == null) return say(ctx, 'd describes a validator, a component or a pod: select one first.', 'warning');
  const request = ctx.nextRequest();
  ctx.dispatch({ type: 'describe-start', title: `${node.kind} ${node.describe.id}`, request });
  ctx.source.describe(node.describe).then(
    (lines) => ctx.dispatch({ type: 'describe-done', request, lines, error: null }),
    (error: unknown) => ctx.dispatch({ type: 'describe-done', request, lines: null, error: message(error) }),
  );
}

function teardown(ctx: CommandContext): void {
  ctx.dispatch({ type: 'mode', mode: 'tearing-down' });
  ctx.source.teardown().then(
    () => ctx.exit('teardown'),
    (error: unknown) => {
      ctx.dispatch({ type: 'mode', mode: 'normal' });
      say(ctx, `Teardown of devnet ${ctx.devnet} failed: ${message(error)}`, 'error');
    },
  );
}

function askChaos(ctx: CommandContext, key: FaultKey): void {
  if (ctx.source.chaos === undefined) return say(ctx, 'Faults cannot be made from here.', 'warning');
  if (ctx.ui.busy !== null) return say(ctx, `${ctx.ui.busy} is still running: one fault at a time.`, 'warning');
  const ask = askFor(key, ctx.nodes[ctx.cursor], ctx.devnet);
  if ('refused' in ask) return say(ctx, ask.refused, 'warning');
  ctx.dispatch({ type: 'chaos-ask', ask });
}

function runChaos(ctx: CommandContext, ask: ChaosAsk): void {
  const act = ctx.source.chaos?.bind(ctx.source);
  ctx.dispatch({ type: 'mode', mode: 'normal' });
  if (act === undefined) return;
  ctx.dispatch({ type: 'chaos-busy', doing: ask.doing });
  say(ctx, `${ask.doing}…`);
  void act(ask.request)
    .then(
      (said) => say(ctx, said, 'ok'),
      (error: unknown) => say(ctx, `${ask.doing} failed: ${message(error)}`, 'error'),
    )
    .finally(() => ctx.dispatch({ type: 'chaos-busy', doing: null }));
}

/** T: one transfer, off the render path; the header counts its time and then says what it came to. */
function transfer(ctx: CommandContext): void {
  const refused = transferRefusal(ctx.ui.transfer, ctx.source.transfer !== undefined, ctx.clock.now());
  if (refused !== undefined) return say(ctx, refused, 'warning');
  const make = ctx.source.transfer?.bind(ctx.source);
  if (make === undefined) return;
  ctx.dispatch({ type: 'transfer-start', at: ctx.clock.now() });
  say(ctx, 'Transferring between two chains of the wallet devnet up handed over…');
  make().then(
    (result) => {
      ctx.dispatch({ type: 'transfer-done', result });
      say(ctx, transferStatus(result), result.certified ? 'ok' : 'error');
    },
    (error: unknown) => {
      ctx.dispatch({ type: 'transfer-done', result: null });
      say(ctx, `The transfer could not be made: ${message(error)}`, 'error');
    },
  );
}

function overlay(ctx: CommandContext, command: Command): void {
  // The overlay's title takes a row; the rest shows lines.
  const page = Math.max(1, ctx.layout.body - 1);
  const last = Math.max(0, ctx.overlayLength - page);
  const at = ctx.ui.overlayOffset;
  const to = (offset: number) => ctx.dispatch({ type: 'overlay-scroll', offset: Math.min(last, offset) });
  if (command === 'close') ctx.dispatch({ type: 'mode', mode: 'normal' });
  else if (command === 'up') to(at - 1);
  else if (command === 'down') to(at + 1);
  else if (command === 'logs-page-up') to(at - page);
  else if (command === 'logs-page-down') to(at + page);
  else if (command === 'top') to(0);
  else if (command === 'bottom') to(last);
}

function filter(ctx: CommandContext, command: Command): void {
  const draft = ctx.ui.draft;
  if (typeof command === 'object') ctx.dispatch({ type: 'filter-draft', text: draft + command.text });
  else if (command === 'filter-backspace') ctx.dispatch({ type: 'filter-draft', text: Array.from(draft).slice(0, -1).join('') });
  else if (command === 'filter-erase') ctx.dispatch({ type: 'filter-draft', text: '' });
  else if (command === 'filter-commit') ctx.dispatch({ type: 'filter-commit' });
  else if (command === 'filter-cancel') ctx.dispatch({ type: 'filter-cancel' });
}

export function runCommand(ctx: CommandContext, command: Command): void {
  if (command === 'quit') return ctx.exit('quit');
  const mode = ctx.ui.mode;
  if (mode === 'filter') return filter(ctx, command);
  if (mode === 'help' || mode === 'describe') return overlay(ctx, command);
  if (mode === 'confirm-teardown') {
    if (command === 'confirm') return teardown(ctx);
    ctx.dispatch({ type: 'mode', mode: 'normal' });
    return say(ctx, `Devnet ${ctx.devnet} keeps running.`);
  }
  if (mode === 'confirm-chaos') {
    if (command === 'confirm' && ctx.ui.ask !== null) return runChaos(ctx, ctx.ui.ask);
    ctx.dispatch({ type: 'mode', mode: 'normal' });
    return say(ctx, 'Nothing done.');
  }
  if (mode !== 'normal' || typeof command === 'object') return;
  if (ctx.ui.status !== null) ctx.dispatch({ type: 'status', status: null });
  if (tree(ctx, command) || logs(ctx, command)) return;
  if (command === 'describe') describe(ctx);
  else if (command === 'filter') ctx.dispatch({ type: 'filter-open' });
  else if (command === 'clear-filter' && ctx.ui.filter !== null) {
    ctx.dispatch({ type: 'filter-clear' });
    say(ctx, 'Filter cleared.');
  } else if (command === 'help') ctx.dispatch({ type: 'mode', mode: 'help' });
  else if (command === 'teardown') ctx.dispatch({ type: 'mode', mode: 'confirm-teardown' });
  else if (command === 'transfer') transfer(ctx);
  else if (command === 'chaos-stop' || command === 'chaos-kill' || command === 'chaos-partition' || command === 'chaos-clear') askChaos(ctx, command);
}
