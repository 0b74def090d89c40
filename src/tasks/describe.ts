/**
 * `d` in the dashboard: what kubectl describe would say, cut to what explains a state — conditions,
 * container states, recent events, the diagnosis and its hint.
 */
import type { Kube, LiveObject } from '../kube/client.js';
import { summarisePod, type PodObject } from '../kube/conditions.js';
import type { CommandLines } from '../output/command-line.js';
import type { DescribeTarget } from '../tui/model.js';
import { describeDiagnosis, diagnosePod, hintFor } from './up/diagnose.js';
import type { DevnetWatch } from './up/readiness.js';

interface EventObject extends LiveObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
}

async function events(kube: Kube, namespace: string, name: string, signal?: AbortSignal): Promise<string[]> {
  const { items } = await kube.list<EventObject>('v1', 'Event', { namespace, fieldSelector: `involvedObject.name=${name}`, signal });
  return items
    .sort((a, b) => (a.lastTimestamp ?? a.eventTime ?? '').localeCompare(b.lastTimestamp ?? b.eventTime ?? ''))
    .slice(-10)
    .map((e) => `  ${e.type ?? ''} ${e.reason ?? ''}${e.count && e.count > 1 ? ` (x${e.count})` : ''}: ${e.message ?? ''}`);
}

async function describePod(kube: Kube, pod: PodObject, commands: CommandLines, signal?: AbortSignal): Promise<string[]> {
  const summary = summarisePod(pod);
  const lines = [`Pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name}: ${summary.state}${summary.reason ? ` (${summary.reason})` : ''}, ready ${summary.ready}, restarts ${summary.restarts}`];
  if (summary.message) lines.push(`  ${summary.message}`);
  lines.push('Conditions:');
  for (const c of pod.status?.conditions ?? []) lines.push(`  ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`);
  lines.push('Containers:');
  for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const state = c.state?.waiting ? `waiting: ${c.state.waiting.reason ?? ''}` : c.state?.terminated ? `terminated: ${c.state.terminated.reason ?? ''} (exit ${c.state.terminated.exitCode ?? '?'})` : 'running';
    const last = c.lastState?.terminated ? `, last exit ${c.lastState.terminated.exitCode ?? '?'} (${c.lastState.terminated.reason ?? ''})` : '';
    lines.push(`  ${c.name}: ${state}, restarts ${c.restartCount}${last}; image ${c.image ?? ''}`);
  }
  const recent = await events(kube, pod.metadata.namespace ?? '', pod.metadata.name, signal).catch(() => []);
  if (recent.length > 0) lines.push('Events:', ...recent);
  const diagnosis = await diagnosePod(kube, pod, signal ?? new AbortController().signal, commands).catch(() => undefined);
  if (diagnosis !== undefined && diagnosis.log.length > 0) lines.push(...describeDiagnosis(diagnosis).slice(1));
  if (summary.state !== 'ready' && summary.state !== 'succeeded') lines.push(`Next: ${hintFor(summary, pod, commands)}`);
  return lines;
}

export async function describeTarget(kube: Kube, watch: DevnetWatch, target: DescribeTarget, commands: CommandLines, signal?: AbortSignal): Promise<string[]> {
  if (target.kind === 'pod') {
    const [namespace = '', name = ''] = target.id.split('/');
    const pod = [...watch.pods.list(), ...(watch.storagePods?.list() ?? [])].find((p) => p.metadata.namespace === namespace && p.metadata.name === name);
    return pod === undefined ? [`Pod ${target.id} no longer exists.`] : describePod(kube, pod, commands, signal);
  }
  if (target.kind === 'component') {
    const [namespace = '', name = ''] = target.id.split('/');
    const workload = [...watch.statefulSets.list(), ...watch.jobs.list()].find((o) => o.metadata.namespace === namespace && o.metadata.name === name);
    const status = (workload as { status?: Record<string, unknown> } | undefined)?.status ?? {};
    const pods = watch.podsOf(namespace, name).map((p) => {
      const s = summarisePod(p);
      return `  ${p.metadata.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}, restarts ${s.restarts}`;
    });
    const recent = workload === undefined ? [] : await events(kube, namespace, name, signal).catch(() => []);
    return [`${workload?.kind ?? 'Component'} ${target.id}`, `  status: ${JSON.stringify(status)}`, 'Pods:', ...pods, ...(recent.length > 0 ? ['Events:', ...recent] : [])];
  }
  const pods = watch.pods.list().filter((p) => p.metadata.namespace === target.id);
  const notReady = pods.filter((p) => summarisePod(p).state !== 'ready' && summarisePod(p).state !== 'succeeded');
  return [`Namespace ${target.id}: ${pods.length - notReady.length}/${pods.length} pods ready`, ...notReady.map((p) => `  ${p.metadata.name}: ${summarisePod(p).reason ?? summarisePod(p).state}`)];
}
