import { useInput, type Key } from 'ink';
import { useRef } from 'react';
import { runCommand, type CommandContext } from '../commands.js';
import { commandFor } from '../keys.js';
import type { TopologyView } from '../model.js';
import { resolveCursor, visibleNodes, type TreeNode } from '../tree-model.js';
import type { UiState } from '../ui-state.js';
import { useCrash } from './use-crash.js';

/** What a key needs besides the UI state: the rest of the dashboard as last drawn. */
export type KeyContext = Omit<CommandContext, 'ui' | 'nodes' | 'cursor' | 'nextRequest'> & { topology: TopologyView | undefined };

/** Visible rows, recomputed only when the topology or the expansions changed. */
export function useNodes(): (topology: TopologyView | undefined, expanded: UiState['expanded']) => TreeNode[] {
  const cache = useRef<{ topology: TopologyView | undefined; expanded: UiState['expanded']; nodes: TreeNode[] } | null>(null);
  return (topology, expanded) => {
    const hit = cache.current;
    if (hit !== null && hit.topology === topology && hit.expanded === expanded) return hit.nodes;
    const nodes = visibleNodes(topology, expanded);
    cache.current = { topology, expanded, nodes };
    return nodes;
  };
}

/**
 * Turns key presses into commands. Reads the UI state from the store, not the last render, so a
 * burst of keys handled before React redraws still moves three rows for `jjj`.
 */
export function useKeys(ui: { readonly current: UiState }, nodesOf: ReturnType<typeof useNodes>, context: KeyContext): void {
  const latest = useRef(context);
  latest.current = context;
  const requests = useRef(0);
  const crash = useCrash();
  const handle = (input: string, key: Key): void => {
    const state = ui.current;
    // Ink hands over several characters at once when they arrive together (fast typing, a busy
    // event loop, a paste). Outside the filter prompt each is a key of its own; the mode may change
    // between them (`/err` opens the prompt, then types into it).
    if (state.mode !== 'filter' && input.length > 1 && !key.ctrl && !key.meta) {
      const [first = '', ...rest] = Array.from(input);
      handle(first, { ...key, shift: /[A-Z]/.test(first) });
      if (rest.length > 0) handle(rest.join(''), key);
      return;
    }
    const command = commandFor(state.mode, input, key);
    if (command === null) return;
    const { topology, ...context } = latest.current;
    const nodes = nodesOf(topology, state.expanded);
    runCommand({ ...context, ui: state, nodes, cursor: resolveCursor(nodes, state.path), nextRequest: () => ++requests.current }, command);
  };
  useInput((input, key) => {
    try {
      handle(input, key);
    } catch (error) {
      crash(error);
    }
  });
}
