/**
 * Faults on the tree's rows: what a row shows, and what a fault key on it would do (a stopped or
 * partitioned row is started or healed; any other is stopped or cut off). Pure.
 */
import type { ChaosRequest, ChaosSummary, FaultMark } from './model.js';
import type { Segment } from './segments.js';
import type { TreeNode } from './tree-model.js';

export const FAULT_GLYPH = '↯';

interface Marked {
  /** On the row itself. */
  own: readonly FaultMark[];
  /** On a row that contains it (a component of a stopped validator). */
  above: readonly FaultMark[];
  /** On rows inside it, each with the name of the row it is on. */
  below: readonly { on: string; mark: FaultMark }[];
}

function marked(node: TreeNode): Marked {
  const validator = node.validator?.faults ?? [];
  const component = node.component?.faults ?? [];
  const podsBelow = (node.kind === 'pod' ? [] : node.pods).flatMap((p) => (p.faults ?? []).map((mark) => ({ on: p.name, mark })));
  switch (node.kind) {
    case 'devnet':
      return { own: [], above: [], below: [] };
    case 'validator': {
      const components = (node.validator?.components ?? []).flatMap((c) => (c.faults ?? []).map((mark) => ({ on: c.name, mark })));
      return { own: validator, above: [], below: [...components, ...podsBelow] };
    }
    case 'component':
      return { own: component, above: validator, below: podsBelow };
    case 'pod':
      return { own: node.pod?.faults ?? [], above: [...validator, ...component], below: [] };
  }
}

/** "↯ stopped", "↯ proxy stopped, shards-0 loss 20%": the faults on a row and inside it; a containing row says its own. */
export function faultSegment(node: TreeNode): Segment | undefined {
  const { own, below } = marked(node);
  const words = [...own.map((m) => m.text), ...below.map(({ on, mark }) => `${on} ${mark.text}`)];
  return words.length === 0 ? undefined : { text: `${FAULT_GLYPH} ${words.join(', ')}`, tone: 'warning' };
}

/** True when a fault of this action is on the row, on a row containing it, or inside it. */
export function hasFault(node: TreeNode, action: FaultMark['action']): boolean {
  const { own, above, below } = marked(node);
  return [...own, ...above, ...below.map((b) => b.mark)].some((m) => m.action === action);
}

/** The row as `devnet chaos` names a target: validator-1, validator-0/proxy, shared/storage, validator-0/proxy-0. */
export function targetOf(node: TreeNode): string | undefined {
  const owner = node.validator?.index === null ? 'shared' : `validator-${node.validator?.index ?? ''}`;
  if (node.kind === 'pod' && node.pod !== undefined) return `${owner}/${node.pod.name}`;
  if (node.kind === 'component' && node.component !== undefined) return `${owner}/${node.component.name}`;
  if (node.kind === 'validator' && node.validator?.index !== null) return owner;
  return undefined;
}

export type FaultKey = 'chaos-stop' | 'chaos-kill' | 'chaos-partition' | 'chaos-clear';

export interface ChaosAsk {
  request: ChaosRequest;
  /** The question the footer asks before anything is done. */
  question: string;
  /** What the status line says while it runs: "Stopping validator-1". */
  doing: string;
}

/** What a fault key on this row would do, as a question; or why it does nothing here. */
export function askFor(key: FaultKey, node: TreeNode | undefined, devnet: string): ChaosAsk | { refused: string } {
  if (key === 'chaos-clear') return { request: { action: 'clear' }, question: `Undo every fault devnet chaos put on devnet ${devnet}?`, doing: 'Undoing every fault' };
  if (key === 'chaos-kill') {
    if (node?.kind !== 'pod' || node.pod === undefined) return { refused: 'K kills one pod: select a pod first (Enter opens a component).' };
    const target = targetOf(node) ?? node.pod.name;
    return { request: { action: 'kill', target }, question: `Kill pod ${node.pod.key}? Its StatefulSet makes a new one.`, doing: `Killing ${target}` };
  }
  const target = node === undefined ? undefined : targetOf(node);
  if (node === undefined || target === undefined) return { refused: `${key === 'chaos-stop' ? 'S' : 'X'} acts on a validator, a component or a pod: select one first.` };
  if (key === 'chaos-stop') {
    // The core refuses it too (fault-targets.ts actionProblem), but only after the question.
    if (node.kind === 'pod') return { refused: 'S stops whole components: select the component or its validator (K restarts one pod).' };
    if (hasFault(node, 'stop')) return { request: { action: 'start', target }, question: `Start ${target} again?`, doing: `Starting ${target}` };
    return { request: { action: 'stop', target }, question: `Stop ${target}? Its pods go away, its StatefulSets stay; S again starts it.`, doing: `Stopping ${target}` };
  }
  if (hasFault(node, 'partition')) return { request: { action: 'heal', target }, question: `Heal the partition of ${target}?`, doing: `Healing ${target}` };
  return { request: { action: 'partition', target }, question: `Cut ${target} off from the other validators, both ways? X again heals it.`, doing: `Partitioning ${target}` };
}

/**
 * The header's chaos line: what the network makes of it (response.ts: who answers, the last
 * transfer) first, then the faults in force and what runs now, then `after` (the quorum rule).
 */
export function chaosSegments(chaos: ChaosSummary | undefined, busy: string | null, response: readonly Segment[][] = [], after: readonly Segment[][] = []): Segment[] {
  const parts: Segment[][] = response.filter((part) => part.length > 0);
  if (chaos !== undefined && chaos.faults.length > 0) parts.push([{ text: `${FAULT_GLYPH} ${chaos.faults.join(', ')}`, tone: 'warning' }]);
  if (busy !== null) parts.push([{ text: `${busy}…`, tone: 'accent' }]);
  parts.push(...after.filter((part) => part.length > 0));
  return parts.flatMap((part, i) => (i === 0 ? part : [{ text: ' · ', tone: 'dim' as const }, ...part]));
}
