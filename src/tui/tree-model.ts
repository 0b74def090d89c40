/**
 * The topology as the rows of a tree: devnet → validator → component → pod. Pure: a view and the
 * user's expand/collapse choices in, the visible rows out, each knowing what it selects for the log
 * pane and what `d` describes.
 */
import type { ComponentView, DescribeTarget, LogSelection, PodRow, PodState, TopologyView, ValidatorView } from './model.js';

export type NodeKind = 'devnet' | 'validator' | 'component' | 'pod';

export interface TreeNode {
  id: string;
  /** Ids from the root down to this node, inclusive. */
  path: readonly string[];
  depth: number;
  kind: NodeKind;
  label: string;
  hasChildren: boolean;
  expanded: boolean;
  state: PodState;
  logs: LogSelection;
  describe: DescribeTarget | null;
  pods: readonly PodRow[];
  validator?: ValidatorView;
  component?: ComponentView;
  pod?: PodRow;
}

export const ROOT_ID = 'devnet';

export function validatorId(index: number | null): string {
  return `v:${index ?? 'shared'}`;
}

export function componentId(index: number | null, name: string): string {
  return `c:${index ?? 'shared'}:${name}`;
}

export function podId(key: string): string {
  return `p:${key}`;
}

/** Devnet and validators start open, components closed: the first screen is the shape, not every pod. */
export function isExpanded(expanded: ReadonlyMap<string, boolean>, id: string, kind: NodeKind): boolean {
  return expanded.get(id) ?? (kind === 'devnet' || kind === 'validator');
}

// Worst first: what the summary glyph of a group should say.
const SEVERITY: readonly PodState[] = ['failing', 'failed', 'unknown', 'terminating', 'waiting', 'pending', 'starting', 'succeeded', 'ready'];

/** The most alarming of some states; `pending` when there are none yet. */
export function worstState(states: Iterable<PodState>): PodState {
  let worst = SEVERITY.length;
  for (const state of states) worst = Math.min(worst, SEVERITY.indexOf(state));
  return SEVERITY[worst] ?? 'pending';
}

export function allPods(view: TopologyView): PodRow[] {
  return view.validators.flatMap((v) => v.components.flatMap((c) => c.pods));
}

function componentState(component: ComponentView): PodState {
  if (component.pods.length === 0) return 'pending';
  const worst = worstState(component.pods.map((p) => p.state));
  // Fewer pods than desired means the workload is still scaling up.
  if ((worst === 'ready' || worst === 'succeeded') && component.pods.length < component.desired) return 'starting';
  return worst;
}

export function visibleNodes(view: TopologyView | undefined, expanded: ReadonlyMap<string, boolean>): TreeNode[] {
  const rows: TreeNode[] = [];
  const pods = view === undefined ? [] : allPods(view);
  const rootOpen = isExpanded(expanded, ROOT_ID, 'devnet');
  rows.push({
    id: ROOT_ID,
    path: [ROOT_ID],
    depth: 0,
    kind: 'devnet',
    label: view === undefined ? 'devnet' : `devnet ${view.header.devnet}`,
    hasChildren: (view?.validators.length ?? 0) > 0,
    expanded: rootOpen,
    state: worstState(pods.map((p) => p.state)),
    logs: { kind: 'all' },
    describe: null,
    pods,
  });
  if (view === undefined || !rootOpen) return rows;
  for (const validator of view.validators) addValidator(rows, validator, expanded);
  return rows;
}

function addValidator(rows: TreeNode[], validator: ValidatorView, expanded: ReadonlyMap<string, boolean>): void {
  const id = validatorId(validator.index);
  const open = isExpanded(expanded, id, 'validator');
  const pods = validator.components.flatMap((c) => c.pods);
  rows.push({
    id,
    path: [ROOT_ID, id],
    depth: 1,
    kind: 'validator',
    label: validator.name,
    hasChildren: validator.components.length > 0,
    expanded: open,
    state: worstState(validator.components.map(componentState)),
    logs: { kind: 'validator', index: validator.index },
    describe: { kind: 'validator', id: validator.namespace },
    pods,
    validator,
  });
  if (!open) return;
  for (const component of validator.components) addComponent(rows, validator, component, expanded);
}

function addComponent(rows: TreeNode[], validator: ValidatorView, component: ComponentView, expanded: ReadonlyMap<string, boolean>): void {
  const vid = validatorId(validator.index);
  const id = componentId(validator.index, component.name);
  const open = isExpanded(expanded, id, 'component');
  rows.push({
    id,
    path: [ROOT_ID, vid, id],
    depth: 2,
    kind: 'component',
    label: component.name,
    hasChildren: component.pods.length > 0,
    expanded: open,
    state: componentState(component),
    logs: { kind: 'component', validator: validator.index, component: component.name },
    describe: { kind: 'component', id: `${component.namespace}/${component.name}` },
    pods: component.pods,
    validator,
    component,
  });
  if (!open) return;
  for (const pod of component.pods) {
    const pid = podId(pod.key);
    rows.push({
      id: pid,
      path: [ROOT_ID, vid, id, pid],
      depth: 3,
      kind: 'pod',
      label: pod.name,
      hasChildren: false,
      expanded: false,
      state: pod.state,
      logs: { kind: 'pod', pod: pod.key },
      describe: { kind: 'pod', id: pod.key },
      pods: [pod],
      validator,
      component,
      pod,
    });
  }
}

/** The row to show as selected: the chosen node, else its nearest ancestor still on screen. */
export function resolveCursor(rows: readonly TreeNode[], path: readonly string[]): number {
  for (let i = path.length - 1; i >= 0; i--) {
    const index = rows.findIndex((row) => row.id === path[i]);
    if (index >= 0) return index;
  }
  return 0;
}

export function selectionKey(selection: LogSelection): string {
  switch (selection.kind) {
    case 'all':
      return 'all';
    case 'validator':
      return `v:${selection.index ?? 'shared'}`;
    case 'component':
      return `c:${selection.validator ?? 'shared'}:${selection.component}`;
    case 'pod':
      return `p:${selection.pod}`;
  }
}

/**
 * What the log pane follows. While its pod is gone (killed, being replaced), a selected pod keeps
 * its stream: the log shows the pod leave and come back instead of switching to its component.
 */
export function followedSelection(path: readonly string[], node: TreeNode | undefined): { selection: LogSelection; sticky: string | null } {
  const chosen = path[path.length - 1] ?? '';
  if (chosen.startsWith('p:') && node?.id !== chosen) {
    const pod = chosen.slice(2);
    return { selection: { kind: 'pod', pod }, sticky: pod };
  }
  return { selection: node?.logs ?? { kind: 'all' }, sticky: null };
}
