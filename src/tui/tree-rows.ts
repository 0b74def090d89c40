/**
 * Tree nodes as fixed-width rows: name, ready/total, restarts, age and why it is not ready (or where
 * to reach it), in columns that line up and never wrap.
 */
import type { PodHealth, PodRow } from './model.js';
import { faultSegment } from './faults.js';
import { formatAge, healthText } from './format.js';
import { reachSegment } from './response.js';
import { fit, fitLeft, stateStyle, type Segment, type Tone } from './segments.js';
import type { TreeNode } from './tree-model.js';

export interface TreeRowView {
  id: string;
  selected: boolean;
  segments: Segment[];
}

const READY_W = 5;
const RESTARTS_W = 4;
const AGE_W = 4;

export function labelWidth(width: number): number {
  return Math.min(48, Math.max(22, width - 45));
}

export function isUp(pod: PodRow): boolean {
  return pod.state === 'ready' || pod.state === 'succeeded';
}

function readyColumn(node: TreeNode): string {
  if (node.pod !== undefined) return node.pod.ready;
  if (node.component !== undefined) return `${node.component.ready}/${node.component.desired}`;
  return `${node.pods.filter(isUp).length}/${node.pods.length}`;
}

function notReady(pods: readonly PodRow[]): PodRow | undefined {
  return pods.find((p) => p.state === 'failing' || p.state === 'failed') ?? pods.find((p) => !isUp(p) && p.reason !== undefined);
}

function reasonTone(pod: PodRow): Tone {
  const tone = stateStyle(pod.state).tone;
  return tone === 'ok' || tone === undefined ? 'dim' : tone;
}

const HEALTH_TONE: Record<PodHealth['state'], Tone> = { healthy: 'ok', unhealthy: 'error', waiting: 'warning' };

/** A pod's log-keyword health in words; a group's as "1/2 healthy", coloured by its worst replica. */
function healthSegment(node: TreeNode, now: number): Segment | undefined {
  if (node.pod?.health !== undefined) return { text: healthText(node.pod.health, now), tone: HEALTH_TONE[node.pod.health.state] };
  if (node.kind === 'pod') return undefined;
  const ruled = node.pods.flatMap((p) => (p.health === undefined ? [] : [p.health.state]));
  if (ruled.length === 0) return undefined;
  const healthy = ruled.filter((state) => state === 'healthy').length;
  const tone = ruled.includes('unhealthy') ? 'error' : healthy === ruled.length ? 'ok' : 'warning';
  return { text: `${healthy}/${ruled.length} healthy`, tone };
}

/** Faults put in on purpose first, then why it is not ready (that is what a person scans for), then health, then whether its endpoint answers and where it is. */
export function infoSegments(node: TreeNode, now: number): Segment[] {
  const out: Segment[] = [];
  const faults = faultSegment(node);
  if (faults !== undefined) out.push(faults);
  const stuck = node.kind === 'devnet' ? undefined : notReady(node.pods);
  if (stuck?.reason !== undefined) {
    const who = node.kind === 'pod' ? '' : ` (${stuck.name})`;
    out.push({ text: stuck.reason + who, tone: reasonTone(stuck) });
  }
  if (node.pod?.lastExitCode !== undefined) out.push({ text: `exit ${node.pod.lastExitCode}`, tone: 'dim' });
  const health = healthSegment(node, now);
  if (health !== undefined) out.push(health);
  if (node.kind === 'validator' && node.validator?.reach !== undefined) out.push(reachSegment(node.validator.reach, now));
  const endpoints = node.component?.endpoints ?? (node.kind === 'validator' ? node.validator?.endpoints : undefined) ?? [];
  if (endpoints.length > 0 && node.kind !== 'pod') out.push({ text: endpoints.join(' '), tone: 'hint' });
  if (node.kind === 'devnet' && node.pods.length > 0) out.push({ text: `${node.pods.length} pods`, tone: 'dim' });
  return out.flatMap((segment, i) => (i === 0 ? [segment] : [{ text: ' · ', tone: 'dim' as const }, segment]));
}

export function treeRow(node: TreeNode, selected: boolean, width: number, now: number): TreeRowView {
  const style = stateStyle(node.state);
  const marker = node.hasChildren ? (node.expanded ? '▾ ' : '▸ ') : '  ';
  const lead = `${selected ? '›' : ' '}${'  '.repeat(node.depth)}${marker}`;
  const labelRoom = Math.max(4, labelWidth(width) - lead.length - 2);
  const restarts = node.pods.reduce((sum, p) => sum + p.restarts, 0);
  const segments: Segment[] = [
    { text: lead },
    { text: `${style.glyph} `, ...(style.tone ? { tone: style.tone } : {}) },
    { text: fit(node.label, labelRoom), ...(node.kind === 'validator' || node.kind === 'devnet' ? { tone: 'bold' as const } : {}) },
    { text: ` ${fitLeft(readyColumn(node), READY_W)}` },
    { text: ` ${fitLeft(restarts > 0 ? `↻${restarts}` : '', RESTARTS_W)}`, tone: 'warning' },
    { text: ` ${fitLeft(formatAge(node.pod?.createdAt, now), AGE_W)} `, tone: 'dim' },
    ...infoSegments(node, now),
  ];
  return { id: node.id, selected, segments };
}
