/**
 * A partition on an existing cluster (--context), where devnet has no node to put rules in from:
 * NetworkPolicies that let the group's pods talk to every namespace but the other side's, both
 * ways. Whether the cluster enforces them is its network plugin's business, so a probe decides: a
 * TCP connect from a pod of the group to a pod of the other side, run in the pod through the API
 * (pods/exec, as kubectl exec), must go through before and fail after. A partition the probe still
 * sees through is taken out again and reported, naming the likely reason.
 *
 * NetworkPolicy cuts whatever is not allowed, so the group is also cut off from what is not a pod:
 * its NodePorts do not answer during the partition. Connections already open may stay open: most
 * plugins let established traffic through.
 */
import { ChaosError } from '../../errors/index.js';
import type { ExecTarget } from '../../kube/exec.js';
import { KubeApiError, type LiveObject } from '../../kube/client.js';
import type { PodRef } from '../../networks/fault-targets.js';
import { LABEL } from '../../render/labels.js';
import { sleep } from '../../system/sleep.js';
import type { ChaosContext } from './context.js';
import { CHAOS_LABEL, type Fault } from './record.js';

const FAULT_LABEL = 'devnet/chaos-fault';
/** The label the StatefulSet controller gives each pod (k8s.io/api apps/v1 StatefulSetPodNameLabel). */
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label the API server gives every namespace (k8s.io/api core/v1 LabelMetadataName). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** How long a network plugin gets to enforce a policy, or to stop enforcing a deleted one. */
const SETTLE_MS = 20_000;
const PROBE_SECONDS = 2;

export type ProbePair = NonNullable<Fault['probe']>;

interface NetworkPolicy {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: unknown;
}

/**
 * One policy per namespace of the group, selecting the group's pods there: ingress only from, and
 * egress only to, pods of namespaces that are not the other side's (the other side is always whole
 * validators: fault-targets.ts otherSide).
 */
export function partitionPolicies(devnet: string, id: string, group: readonly PodRef[], other: readonly PodRef[]): NetworkPolicy[] {
  const theirs = [...new Set(other.map((p) => p.namespace))].sort();
  const allowed = [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: theirs }] } }];
  const byNamespace = new Map<string, string[]>();
  for (const pod of group) byNamespace.set(pod.namespace, [...(byNamespace.get(pod.namespace) ?? []), pod.pod]);
  return [...byNamespace].map(([namespace, pods]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `devnet-chaos-${id}`, namespace, labels: { [CHAOS_LABEL]: devnet, [FAULT_LABEL]: id, [LABEL.partOf]: 'devnet' } },
    spec: {
      podSelector: { matchExpressions: [{ key: POD_NAME_LABEL, operator: 'In', values: [...pods].sort() }] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: allowed }],
      egress: [{ to: allowed }],
    },
  }));
}

/**
 * The probe's command: bash's /dev/tcp connect, given PROBE_SECONDS; prints open or closed. Without
 * `timeout` every connect would look closed, so its absence is an error of its own (exit 3).
 */
export function reachCommand(to: Pick<ProbePair['to'], 'ip' | 'port'>): string[] {
  return ['bash', '-c', `command -v timeout >/dev/null || { echo 'the image has no timeout command' >&2; exit 3; }
if timeout ${PROBE_SECONDS} bash -c ': </dev/tcp/${to.ip}/${to.port}' 2>/dev/null; then echo open; else echo closed; fi`];
}

/** "open" or "closed", from inside `from`; a probe that cannot run at all is a ChaosError naming why. */
export async function reach(ctx: ChaosContext, probe: ProbePair): Promise<'open' | 'closed'> {
  const result = await ctx.kube.transport.exec(probe.from, reachCommand(probe.to), { timeoutMs: (PROBE_SECONDS + 10) * 1000, signal: ctx.signal }).catch((error: unknown) => {
    if (error instanceof KubeApiError && error.status === 403) {
      throw new ChaosError(`Cannot probe from ${probe.from.namespace}/${probe.from.pod}: your kubeconfig user may not exec into its pods.`, {
        hint: `the partition's probe runs in a pod, as kubectl exec does: it needs create on pods/exec in ${probe.from.namespace} (kubectl auth can-i create pods --subresource=exec -n ${probe.from.namespace})`,
      });
    }
    throw error;
  });
  const said = result.stdout.trim();
  if (result.exitCode === 0 && (said === 'open' || said === 'closed')) return said;
  const why = result.failure ?? (result.stderr.trim() || `exit ${result.exitCode ?? '?'}`);
  throw new ChaosError(`Cannot probe from ${probe.from.namespace}/${probe.from.pod}: running bash in its container ${probe.from.container} failed (${why}).`, {
    hint: 'the probe connects with bash\'s /dev/tcp inside the pod, as kubectl exec would; the pod must run and its image have bash and timeout',
  });
}

/** Probes until it sees `want` or SETTLE_MS pass; the milliseconds it took, or undefined. */
export async function until(ctx: ChaosContext, probe: ProbePair, want: 'open' | 'closed'): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    if ((await reach(ctx, probe)) === want) return performance.now() - started;
    if (performance.now() - started > SETTLE_MS) return undefined;
    await sleep(1000, ctx.signal);
  }
}

const name = (e: { namespace: string; pod: string }) => `${e.namespace}/${e.pod}`;

export async function applyPolicies(ctx: ChaosContext, policies: readonly NetworkPolicy[]): Promise<void> {
  for (const policy of policies) await ctx.kube.apply(policy, { signal: ctx.signal });
}

/** The proof a partition took hold, or a ChaosError that says the plugin does not enforce NetworkPolicy. */
export async function confirmPartition(ctx: ChaosContext, probe: ProbePair, group: number, others: number): Promise<string> {
  const took = await until(ctx, probe, 'closed');
  if (took === undefined) {
    throw new ChaosError(`The partition did not take hold: ${name(probe.from)} still reaches ${name(probe.to)} ${SETTLE_MS / 1000}s after devnet's NetworkPolicies went in, so this cluster's network plugin does not enforce NetworkPolicy.`, {
      hint: 'on an existing cluster a partition needs a network plugin that enforces NetworkPolicy (Calico, Cilium, kube-router, …); on kind, devnet puts its rules into the pods itself',
    });
  }
  return `${group} pod${group === 1 ? '' : 's'} cut off from ${others} both ways by NetworkPolicy (also from NodePorts); ${name(probe.from)} reached ${name(probe.to)} (${probe.to.ip}:${probe.to.port}) before and cannot now (${(took / 1000).toFixed(1)}s after)`;
}

/** Deletes a fault's policies and, while its probe's pods still run, waits until they reach each other again. */
export async function removePolicies(ctx: ChaosContext, fault: Fault): Promise<string> {
  const deleted = await deletePolicies(ctx, fault.policies ?? []);
  const said = `${deleted} NetworkPolic${deleted === 1 ? 'y' : 'ies'} deleted`;
  if (fault.probe === undefined) return said;
  const took = await until(ctx, fault.probe, 'open').catch(() => undefined);
  if (took === undefined) return `${said}; ${name(fault.probe.from)} does not reach ${name(fault.probe.to)} yet (a pod may have been replaced)`;
  return `${said}; ${name(fault.probe.from)} reaches ${name(fault.probe.to)} again (${(took / 1000).toFixed(1)}s after)`;
}

/** Every NetworkPolicy devnet chaos made for this devnet, in any namespace. */
export async function policiesOf(ctx: ChaosContext): Promise<{ namespace: string; name: string }[]> {
  const { items } = await ctx.kube.list<LiveObject>('networking.k8s.io/v1', 'NetworkPolicy', { labelSelector: `${CHAOS_LABEL}=${ctx.loaded.profile.name}`, signal: ctx.signal });
  return items.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => ({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' }));
}

/** Deletes these policies; how many were still there. */
async function deletePolicies(ctx: ChaosContext, policies: readonly { namespace: string; name: string }[]): Promise<number> {
  let deleted = 0;
  for (const policy of policies) if (await ctx.kube.delete('networking.k8s.io/v1', 'NetworkPolicy', policy.namespace, policy.name, ctx.signal)) deleted++;
  return deleted;
}

/** Deletes every policy of policiesOf (those a Ctrl-C left out of the record); how many. */
export async function sweepPolicies(ctx: ChaosContext): Promise<number> {
  return deletePolicies(ctx, await policiesOf(ctx));
}

/** The container a probe runs in: the pod's first. */
export function execTarget(pod: { metadata: { namespace?: string; name?: string }; spec?: { containers?: { name: string }[] } }): ExecTarget | undefined {
  const container = pod.spec?.containers?.[0]?.name;
  if (container === undefined) return undefined;
  return { namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name ?? '', container };
}
