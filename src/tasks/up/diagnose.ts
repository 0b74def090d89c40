/**
 * Why something is not ready, in words a person can act on: the pod, the reason the kubelet or
 * scheduler gave, the tail of a crashed container's log, and what to do.
 */
import type { Kube } from '../../kube/client.js';
import { failingContainer, summarisePod, type PodObject, type PodSummary } from '../../kube/conditions.js';
import { readLog } from '../../kube/logs.js';
import { isLocalImage } from '../../networks/local-images.js';
import type { CommandLines } from '../../output/command-line.js';
import { LABEL } from '../../render/labels.js';

export interface Diagnosis {
  pod: string;
  namespace: string;
  reason: string;
  message: string;
  fatal: boolean;
  hint: string;
  /** Last lines of the previous container's log, for a crash. */
  log: string[];
}

/** How `devnet logs` names the pod: validator-1/shards-0, or shared/bootstrap-0. */
export function podSelector(pod: PodObject): string {
  const validator = pod.metadata.labels?.[LABEL.validator];
  if (validator === undefined) return pod.metadata.name;
  return `${validator === 'shared' ? 'shared' : `validator-${validator}`}/${pod.metadata.name}`;
}

export function hintFor(summary: PodSummary, pod: PodObject, lines: CommandLines): string {
  const reason = summary.reason ?? '';
  const namespace = pod.metadata.namespace ?? '';
  if (/ImagePull|ErrImage|InvalidImageName/.test(reason)) {
    const local = (summary.message ?? '').split(/[\s"']+/).find(isLocalImage);
    if (local !== undefined) return `${local} is built on this machine and never pulled: ${lines.up()} loads it into kind once Docker has it (${lines.profileOnly('doctor')} names the command that builds it); an existing cluster's nodes must be given it by you`;
    return `check the image name and tag; for an image built on this machine use ${lines.up('--load-image IMAGE')}`;
  }
  if (reason === 'CrashLoopBackOff' || summary.state === 'failed') return `the process keeps exiting: read its log above (${lines.devnet(`logs ${podSelector(pod)} --previous`)}) and fix its command or configuration`;
  if (/CreateContainerConfigError/.test(reason)) return `a Secret or ConfigMap the pod needs is missing; run ${lines.up()} again`;
  if (/Unschedulable/.test(reason) && /Insufficient (cpu|memory)/i.test(summary.message ?? '')) return 'the node lacks CPU or memory: lower resources.requests in the profile, use fewer validators, or give Docker more';
  if (/Unschedulable/.test(reason)) return `the scheduler cannot place the pod; ${lines.kubectl(`describe pod -n ${namespace} ${pod.metadata.name}`)} shows its events`;
  return `wait, or look at ${lines.devnet('status')} and ${lines.devnet(`logs ${podSelector(pod)}`)}`;
}

export async function diagnosePod(kube: Kube, pod: PodObject, signal: AbortSignal, lines: CommandLines): Promise<Diagnosis | undefined> {
  const summary = summarisePod(pod);
  if (summary.state === 'ready' || summary.state === 'succeeded') return undefined;
  const container = failingContainer(pod);
  const crashed = summary.reason === 'CrashLoopBackOff' || summary.state === 'failed' || (summary.lastExitCode ?? 0) !== 0;
  const previous = crashed && container !== undefined ? await readLog(kube, pod.metadata.namespace ?? '', pod.metadata.name, { container, previous: true, tailLines: 20 }, signal).catch(() => undefined) : undefined;
  return {
    pod: pod.metadata.name,
    namespace: pod.metadata.namespace ?? '',
    reason: summary.reason ?? summary.state,
    message: summary.message ?? '',
    fatal: summary.fatal,
    hint: hintFor(summary, pod, lines),
    log: (previous ?? '').trimEnd().split('\n').filter((line) => line !== '').slice(-20),
  };
}

export function describeDiagnosis(d: Diagnosis): string[] {
  return [
    `${d.namespace}/${d.pod}: ${d.reason}${d.message ? ` - ${d.message}` : ''}`,
    ...(d.log.length > 0 ? ['  last lines of the previous container:', ...d.log.map((line) => `    ${line}`)] : []),
  ];
}
