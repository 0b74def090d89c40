/** The one-line answers at the top and under the tree: how healthy is it, and what is this row. */
import type { DashboardHeader, PhaseTiming, PodRow, TopologyView, ValidatorView } from './model.js';
import { formatSeconds, plural } from './format.js';
import type { Segment } from './segments.js';
import { allPods, type TreeNode } from './tree-model.js';
import { isUp } from './tree-rows.js';

export function healthSummary(view: TopologyView | undefined): Segment[] {
  if (view === undefined) return [{ text: 'connecting…', tone: 'dim' }];
  const pods = allPods(view);
  if (pods.length === 0) return [{ text: 'no pods yet', tone: 'dim' }];
  const up = pods.filter(isUp).length;
  const failing = pods.filter((p) => p.state === 'failing' || p.state === 'failed').length;
  const out: Segment[] = [{ text: `${up}/${pods.length} pods ready`, tone: up === pods.length ? 'ok' : 'warning' }];
  if (failing > 0) out.push({ text: ', ' }, { text: `${failing} failing`, tone: 'error' });
  const unhealthy = pods.filter((p) => p.health?.state === 'unhealthy').length;
  if (unhealthy > 0) out.push({ text: ', ' }, { text: `${unhealthy} unhealthy`, tone: 'error' });
  return out;
}

export function titleSegments(header: DashboardHeader | undefined): Segment[] {
  if (header === undefined) return [{ text: 'devnet', tone: 'bold' }];
  return [
    { text: `devnet ${header.devnet}`, tone: 'bold' },
    { text: ' · ', tone: 'dim' },
    { text: header.network, tone: 'accent' },
    { text: ' · ', tone: 'dim' },
    { text: header.context, tone: 'dim' },
  ];
}

export function phaseSegments(phases: readonly PhaseTiming[]): Segment[] {
  if (phases.length === 0) return [];
  const total = phases.reduce((sum, p) => sum + p.seconds, 0);
  const parts = phases.map((p) => `${p.name} ${formatSeconds(p.seconds)}${p.detail === undefined ? '' : ` (${p.detail})`}`).join(' · ');
  return [{ text: `last up ${formatSeconds(total)}: `, tone: 'dim' }, { text: parts, tone: 'dim' }];
}

function podDetail(pod: PodRow): Segment[] {
  const out: Segment[] = [{ text: pod.key }, { text: ` · ${pod.state}`, tone: 'dim' }];
  if (pod.reason !== undefined) out.push({ text: ` · ${pod.reason}`, tone: isUp(pod) ? 'dim' : 'warning' });
  if (pod.message !== undefined) out.push({ text: `: ${pod.message}`, tone: 'dim' });
  if (pod.lastExitCode !== undefined) out.push({ text: ` · last container exited with code ${pod.lastExitCode}`, tone: 'dim' });
  if (pod.health !== undefined) out.push({ text: ` · log health: "${pod.health.keyword}" at least every ${formatSeconds(pod.health.withinSeconds)}`, tone: 'dim' });
  return out;
}

/** What the last probe of a validator's endpoint said: nothing while it answers, else why not (and where, if not where the row says). */
function answer(v: ValidatorView): string {
  if (v.reach === undefined || v.reach.answers) return '';
  const where = v.endpoints.includes(v.reach.address) ? 'it' : v.reach.address;
  return ` (${where} does not answer: ${v.reach.reason ?? 'no reason given'})`;
}

/** What the selected row is, in a sentence: the line a newcomer reads to learn the topology. */
export function detailSegments(node: TreeNode | undefined, view: TopologyView | undefined): Segment[] {
  if (node === undefined || view === undefined) return [];
  if (node.pod !== undefined) return podDetail(node.pod);
  if (node.component !== undefined) {
    const c = node.component;
    return [{ text: `${c.name}`, tone: 'bold' }, { text: ` · ${c.workload} in ${c.namespace} · `, tone: 'dim' }, { text: c.role }];
  }
  if (node.validator !== undefined) {
    const v = node.validator;
    const what = `${plural(v.components.length, 'component')}, ${plural(node.pods.length, 'pod')}`;
    const reach = v.endpoints.length > 0 ? ` · reach it at ${v.endpoints.join(', ')}${answer(v)}` : '';
    return [{ text: v.name, tone: 'bold' }, { text: ` · namespace ${v.namespace} · ${what}${reach}`, tone: 'dim' }];
  }
  const h = view.header;
  const summary = `${plural(view.validators.length, 'validator')}, ${plural(node.pods.length, 'pod')}`;
  return [{ text: `${h.network} devnet ${h.devnet}`, tone: 'bold' }, { text: ` on ${h.context} · ${summary} · select a row to follow its logs`, tone: 'dim' }];
}
