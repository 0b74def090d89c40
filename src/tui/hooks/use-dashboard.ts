import { useEffect, useMemo, useRef } from 'react';
import type { Clock } from '../clock.js';
import type { DashboardExit } from '../commands.js';
import { layout, scrollOffset, type Layout } from '../layout.js';
import { logWindow, type LogViewOptions, type LogWindow } from '../log-window.js';
import type { DashboardSource, LogSelection, PhaseTiming } from '../model.js';
import type { Segment } from '../segments.js';
import { chaosSegments } from '../faults.js';
import { quorumParts, transferPart } from '../response.js';
import { detailSegments, healthSummary, phaseSegments, titleSegments } from '../summary.js';
import { followedSelection, resolveCursor, selectionKey } from '../tree-model.js';
import { treeRow } from '../tree-rows.js';
import { initialUi, reduceUi, type UiState } from '../ui-state.js';
import { describeOverlay, emptyLogRows, footer, helpOverlay, logTitle, spread, targetLabel, treeNote, type HeaderView, type OverlayView, type TreeView } from '../view-model.js';
import { useDebounced } from './use-debounced.js';
import { useKeys, useNodes } from './use-keys.js';
import { useLogs, type LogFeed } from './use-logs.js';
import { useNow } from './use-now.js';
import { useStore } from './use-store.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTopology } from './use-topology.js';

/** Moving through the tree settles for this long before the log pane switches streams. */
export const FOLLOW_DELAY_MS = 120;
const STATUS_MS = 6_000;

export interface DashboardInput {
  source: DashboardSource;
  save?: ((lines: string[]) => Promise<string>) | undefined;
  phases?: PhaseTiming[] | undefined;
  clock: Clock;
  bufferLines: number;
  signal?: AbortSignal | undefined;
  exit: (result: DashboardExit) => void;
}

export interface DashboardView {
  layout: Layout;
  header: HeaderView;
  tree: TreeView;
  detail: Segment[];
  logTitle: Segment[];
  logRows: Segment[][];
  footer: Segment[];
  overlay: OverlayView | null;
}

export function useDashboard(input: DashboardInput): DashboardView {
  const { source, clock } = input;
  const size = useTerminalSize();
  const now = useNow(clock);
  const topology = useTopology(source, clock);
  const [ui, dispatch, uiRef] = useStore(reduceUi, initialUi);
  const nodesOf = useNodes();
  const nodes = nodesOf(topology, ui.expanded);
  const cursor = resolveCursor(nodes, ui.path);
  const node = nodes[cursor];
  const { selection, sticky } = followedSelection(ui.path, node);
  const following = useDebounced(selection, selectionKey(selection), FOLLOW_DELAY_MS, clock);
  const feed = useLogs(source, following, { previous: ui.previous, capacity: input.bufferLines, clock });
  const phases = input.phases ?? topology?.header.phases ?? [];
  const devnet = topology?.header.devnet ?? 'devnet';
  const note = useMemo(() => treeNote(topology), [topology]);
  const quorum = useMemo(() => quorumParts(topology?.chaos, topology?.validators ?? []), [topology?.chaos, topology?.validators]);
  const chaos = chaosSegments(topology?.chaos, ui.busy, [...quorum.measured, transferPart(ui.transfer, now)], quorum.rule);
  const under = [...(chaos.length > 0 ? [chaos] : []), ...(phases.length > 0 ? [phaseSegments(phases)] : [])];
  const lay = layout(size.columns, size.rows, nodes.length + (note.length > 0 ? 1 : 0), under.length);
  // The tree scrolls only when the cursor would leave it, so the offset remembers the last frame's.
  const offset = useRef(0);
  offset.current = scrollOffset(offset.current, cursor, lay.tree - (note.length > 0 ? 1 : 0), nodes.length);
  const top = offset.current;
  const window = useLogWindow(feed, ui, lay, podNaming(following), devnet);
  const tree = useMemo<TreeView>(
    () => ({ rows: nodes.slice(top, top + lay.tree).map((n, i) => treeRow(n, top + i === cursor, lay.width, now)), note }),
    [nodes, top, cursor, lay.tree, lay.width, now, note],
  );
  const overlay = ui.mode === 'help' ? helpOverlay() : ui.mode === 'describe' ? describeOverlay(ui) : null;
  const target = targetLabel(node, sticky);

  useKeys(uiRef, nodesOf, { topology, dispatch, clock, layout: lay, feed, window, overlayLength: overlay?.lines.length ?? 0, devnet, source, save: input.save, exit: input.exit });
  useEffect(() => (ui.status === null ? undefined : clock.after(STATUS_MS, () => dispatch({ type: 'status', status: null }))), [ui.status, clock, dispatch]);
  useAbort(input.signal, input.exit);

  const position: Segment[] = nodes.length > lay.tree ? [{ text: `${cursor + 1}/${nodes.length}`, tone: 'dim' }] : [];
  return {
    layout: lay,
    header: { lines: [spread(titleSegments(topology?.header), healthSummary(topology), lay.width), ...under.slice(0, lay.header - 1)] },
    tree,
    detail: spread(detailSegments(node, topology), position, lay.width),
    logTitle: logTitle({ target, ui, buffer: feed.buffer, columns: lay.width }),
    logRows: window.rows.length > 0 ? window.rows : emptyLogRows(ui, feed.buffer, target),
    footer: footer(ui, devnet, lay.width, source.transfer !== undefined),
    overlay: overlay === null ? null : scrolled(overlay, ui.overlayOffset, lay.body - 1),
  };
}

/** The rows of the log pane: rebuilt when lines arrive, the filter or the size changes. */
function useLogWindow(feed: LogFeed, ui: UiState, lay: Layout, pods: LogViewOptions['pods'], devnet: string): LogWindow {
  // `version` stands for the buffer's contents, which change in place. A paused pane keeps the rows
  // it froze with, even once a busy stream pushes them out of the buffer.
  const contents = ui.anchor === null ? feed.version : -1;
  return useMemo(
    () => logWindow(feed.buffer, { height: lay.logs, width: lay.width, filter: ui.filter, anchor: ui.anchor, wrap: ui.wrap, showTime: ui.showTime, pods, devnet }),
    [feed.buffer, contents, lay.logs, lay.width, ui.filter, ui.anchor, ui.wrap, ui.showTime, pods, devnet],
  );
}

/** The overlay from `offset`, saying which lines are shown when they do not all fit. */
function scrolled(overlay: OverlayView, offset: number, room: number): OverlayView {
  const total = overlay.lines.length;
  if (total <= room) return overlay;
  const last = Math.min(total, offset + room);
  return { title: [...overlay.title, { text: ` · lines ${offset + 1}–${last} of ${total}`, tone: 'dim' }], lines: overlay.lines.slice(offset, last) };
}

function podNaming(selection: LogSelection): LogViewOptions['pods'] {
  if (selection.kind === 'pod') return 'hidden';
  return selection.kind === 'all' ? 'qualified' : 'name';
}

function useAbort(signal: AbortSignal | undefined, exit: (result: DashboardExit) => void): void {
  useEffect(() => {
    if (signal === undefined) return;
    const quit = () => exit('quit');
    if (signal.aborted) quit();
    signal.addEventListener('abort', quit, { once: true });
    return () => signal.removeEventListener('abort', quit);
  }, [signal, exit]);
}
