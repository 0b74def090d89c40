/** How the screen's rows are shared: the dashboard always fills the terminal exactly, never more. */

export interface Layout {
  width: number;
  header: number;
  tree: number;
  /** The line under the tree saying what the selected row is. */
  detail: number;
  logTitle: number;
  logs: number;
  footer: number;
  /** Rows between header and footer, for overlays. */
  body: number;
}

/** `headerLines`: lines the header would like under its first (phases, faults); a short screen shows only the first. */
export function layout(columns: number, rows: number, treeRows: number, headerLines: number): Layout {
  const width = Math.max(20, columns);
  const header = rows >= 16 ? 1 + headerLines : 1;
  const footer = 1;
  const body = Math.max(0, rows - header - footer);
  const detail = body >= 6 ? 1 : 0;
  const logTitle = body >= 4 ? 1 : 0;
  const panes = Math.max(0, body - detail - logTitle);
  // The tree takes what it needs up to ~45% of the panes; the log gets the rest, and at least a few lines.
  const treeCap = Math.max(1, Math.floor(panes * 0.45));
  const tree = Math.min(Math.max(1, treeRows), treeCap, Math.max(0, panes - 1));
  return { width, header, tree, detail, logTitle, logs: Math.max(0, panes - tree), footer, body };
}

/** Keeps the cursor on screen, scrolling only as far as needed (the list does not jump on each move). */
export function scrollOffset(previous: number, cursor: number, height: number, total: number): number {
  if (height <= 0) return 0;
  let offset = Math.min(previous, Math.max(0, total - height));
  if (cursor < offset) offset = cursor;
  if (cursor >= offset + height) offset = cursor - height + 1;
  return Math.max(0, offset);
}
