/**
 * Network faults on kind: rules put into the pods' own network namespaces from the kind node
 * (src/cluster/node-faults.ts), each confirmed by a probe run there too, which also measures it.
 * On an existing cluster (--context), a partition is made of NetworkPolicies (policy.ts) and the
 * other faults are refused. A fault whose probe does not see it is taken out again and reported
 * as failed.
 */
import { nodeScript } from '../../cluster/kind-node.js';
import { applyScript, removeScript, type NetRule, type PodName } from '../../cluster/node-faults.js';
import { connectsScript, connectTimesScript, reachScript, throughputScript } from '../../cluster/node-probes.js';
import { ChaosError, EnvironmentError } from '../../errors/index.js';
import type { LiveObject } from '../../kube/client.js';
import { otherSide, podsOf, type PodRef, type ResolvedTarget } from '../../networks/fault-targets.js';
import { applyPolicies, confirmPartition, execTarget, partitionPolicies, removePolicies, until, type ProbePair } from './policy.js';
import { LABEL } from '../../render/labels.js';
import { run } from '../../system/process.js';
import type { ChaosContext } from './context.js';
import type { Fault } from './record.js';

export type NetAction = 'partition' | 'loss' | 'bandwidth' | 'latency';

interface LivePod extends PodName {
  ip: string;
  node: string;
  port: number | undefined;
}

interface PodObject extends LiveObject {
  spec?: { nodeName?: string; containers?: { name: string }[] };
  status?: { podIP?: string };
}

/** Refuses what needs the kind node where there is none, saying why and what works instead. */
export function requireKind(ctx: ChaosContext, action: string): void {
  if (ctx.target.provider === 'kind') return;
  throw new EnvironmentError(`devnet chaos ${action} works on kind clusters only: it acts inside the pods' network namespaces from the kind node, and an existing cluster (--context) gives devnet no node to do that from.`, {
    hint: 'stop, start, kill and partition (with NetworkPolicy) work here, through the Kubernetes API; for loss, bandwidth and latency, run the devnet on kind (devnet up without --context)',
  });
}

/** The first TCP port a component serves that is not its metrics port: what probes connect to. */
function probePort(ctx: ChaosContext, ref: PodRef): number | undefined {
  const component = ctx.loaded.topology.components.find((c) => c.namespace === ref.namespace && c.name === ref.component);
  return component?.ports.find((p) => p.protocol === 'TCP' && !p.metrics && p.bindsNodePort !== true)?.port;
}

async function livePods(ctx: ChaosContext, refs: readonly PodRef[]): Promise<(LivePod & { object: PodObject })[]> {
  const { items } = await ctx.kube.list<PodObject>('v1', 'Pod', { labelSelector: `${LABEL.instance}=${ctx.loaded.profile.name}`, signal: ctx.signal });
  return refs.map((ref) => {
    const pod = items.find((p) => p.metadata.namespace === ref.namespace && p.metadata.name === ref.pod && p.metadata.deletionTimestamp === undefined);
    const ip = pod?.status?.podIP;
    const node = pod?.spec?.nodeName;
    if (pod === undefined || ip === undefined || node === undefined) throw new ChaosError(`Pod ${ref.namespace}/${ref.pod} is not running, so there is no network to fault.`, { hint: 'devnet status shows the pods; devnet chaos start brings a stopped one back' });
    return { namespace: ref.namespace, pod: ref.pod, ip, node, port: probePort(ctx, ref), object: pod };
  });
}

/** Service addresses of these pods' components: traffic to a Service leaves a pod addressed to it, not to the pod behind it. */
async function serviceAddresses(ctx: ChaosContext, refs: readonly PodRef[]): Promise<string[]> {
  const { items } = await ctx.kube.list<LiveObject & { spec?: { clusterIP?: string } }>('v1', 'Service', { labelSelector: `${LABEL.instance}=${ctx.loaded.profile.name}`, signal: ctx.signal });
  const components = new Set(refs.map((r) => `${r.namespace}/${r.component}`));
  return items
    .filter((s) => components.has(`${s.metadata.namespace ?? ''}/${s.metadata.labels?.[LABEL.component] ?? ''}`))
    .map((s) => s.spec?.clusterIP ?? 'None')
    .filter((ip) => ip !== 'None' && ip !== '');
}

async function onNodes(ctx: ChaosContext, entries: readonly { pod: LivePod; script: (pods: LivePod[]) => string }[]): Promise<void> {
  const byNode = new Map<string, LivePod[]>();
  for (const { pod } of entries) byNode.set(pod.node, [...(byNode.get(pod.node) ?? []), pod]);
  const script = entries[0]?.script;
  if (script === undefined) return;
  for (const [node, pods] of byNode) {
    const result = await nodeScript(node, script(pods), { run, env: ctx.env, signal: ctx.signal });
    if (result.exitCode === 5) throw new EnvironmentError(`This kernel has no sch_netem, which latency needs: ${result.stderr}`, { hint: 'latency works where the kernel has sch_netem (most Linux distributions load it as a module); loss, bandwidth and partition work here' });
    if (result.exitCode !== 0) throw new ChaosError(`The kind node ${node} refused the fault: ${result.stderr || `exit ${result.exitCode}`}.`, { hint: 'devnet chaos clear takes out whatever part of it was applied' });
  }
}

async function probe(ctx: ChaosContext, node: string, script: string): Promise<string[]> {
  const result = await nodeScript(node, script, { run, env: ctx.env, signal: ctx.signal, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new ChaosError(`The probe in the kind node ${node} failed: ${result.stderr || `exit ${result.exitCode}`}.`, { hint: 'devnet status shows whether the pods run' });
  return result.lines;
}

export interface NetworkFault {
  /** What the record keeps of fault `id` before it is applied, so that any process can undo it. */
  record(id: string): Pick<Fault, 'pods' | 'policies' | 'probe'>;
  apply(id: string): Promise<void>;
  /** Confirms the fault took hold, and says what it measured. */
  confirm(): Promise<string>;
}

/** A fault made of rules in the pods' namespaces, put in from their kind nodes. */
function inNodes(ctx: ChaosContext, rules: { pod: LivePod; rule: NetRule }[], confirm: () => Promise<string>): NetworkFault {
  return {
    record: () => ({ pods: rules.map(({ pod }) => ({ namespace: pod.namespace, pod: pod.pod, node: pod.node })) }),
    apply: (id) => onNodes(ctx, rules.map(({ pod }) => ({ pod, script: (pods: LivePod[]) => applyScript(id, pods.map((p) => ({ pod: p, rule: rules.find((r) => r.pod === p)?.rule as NetRule }))) }))),
    confirm,
  };
}

/** A partition on an existing cluster: NetworkPolicies, proven by a connect run in a pod of the group through the API. */
async function planPolicyPartition(ctx: ChaosContext, targets: readonly ResolvedTarget[]): Promise<NetworkFault> {
  const groupRefs = podsOf(targets);
  const otherRefs = otherSide(ctx.loaded.topology, targets);
  const group = await livePods(ctx, groupRefs);
  const others = await livePods(ctx, otherRefs);
  const from = group.map((p) => execTarget(p.object)).find((t) => t !== undefined);
  const peer = others.find((p) => p.port !== undefined);
  if (from === undefined) throw new ChaosError('The target has no running container to probe from.', { hint: 'devnet status shows the pods' });
  if (peer?.port === undefined) throw new ChaosError('No pod on the other side of the partition serves a TCP port to probe.', { hint: 'partition validators whose components serve TCP' });
  const probe: ProbePair = { from, to: { namespace: peer.namespace, pod: peer.pod, ip: peer.ip, port: peer.port } };
  // A partition undone a moment ago may not be lifted yet by the network plugin: give it the time it gets to settle.
  if ((await until(ctx, probe, 'open')) === undefined) throw new ChaosError(`Cannot prove a partition: ${from.namespace}/${from.pod} does not reach ${peer.namespace}/${peer.pod} (${peer.ip}:${peer.port}) even now.`, { hint: 'wait until devnet status shows every pod ready, then try again' });
  const policies = (id: string) => partitionPolicies(ctx.loaded.profile.name, id, groupRefs, otherRefs);
  return {
    record: (id) => ({ policies: policies(id).map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name })), probe }),
    apply: (id) => applyPolicies(ctx, policies(id)),
    confirm: () => confirmPartition(ctx, probe, group.length, others.length),
  };
}

/** Plans a network fault on these targets: the rules for each pod, and the probe that will confirm them. */
export async function planNetwork(ctx: ChaosContext, action: NetAction, targets: readonly ResolvedTarget[], value: { percent?: number | undefined; rate?: string | undefined; delay?: string | undefined }): Promise<NetworkFault> {
  if (action === 'partition' && ctx.target.provider !== 'kind') return planPolicyPartition(ctx, targets);
  requireKind(ctx, action);
  const group = await livePods(ctx, podsOf(targets));
  const first = group[0];
  if (first === undefined) throw new ChaosError('The target has no pods to fault.', { hint: 'devnet status shows the pods' });
  if (action === 'partition') {
    const otherRefs = otherSide(ctx.loaded.topology, targets);
    const others = await livePods(ctx, otherRefs);
    const mine = [...group.map((p) => p.ip), ...(await serviceAddresses(ctx, podsOf(targets)))];
    const theirs = [...others.map((p) => p.ip), ...(await serviceAddresses(ctx, otherRefs))];
    const peer = others.find((p) => p.port !== undefined);
    if (peer?.port === undefined) throw new ChaosError('No pod on the other side of the partition serves a TCP port to probe.', { hint: 'partition validators whose components serve TCP' });
    const reach = () => probe(ctx, first.node, reachScript(first, peer.ip, peer.port ?? 0, 2)).then((l) => l[0]);
    if ((await reach()) !== 'open') throw new ChaosError(`Cannot prove a partition: ${first.pod} in ${first.namespace} does not reach ${peer.pod} in ${peer.namespace} (${peer.ip}:${peer.port}) even now.`, { hint: 'wait until devnet status shows every pod ready, then try again' });
    const rules = [...group.map((pod) => ({ pod, rule: { kind: 'partition' as const, peers: theirs } })), ...others.map((pod) => ({ pod, rule: { kind: 'partition' as const, peers: mine } }))];
    return inNodes(ctx, rules, async () => {
      const now = await reach();
      if (now !== 'closed') throw new ChaosError(`The partition did not take hold: ${first.namespace}/${first.pod} still reaches ${peer.namespace}/${peer.pod}.`);
      return `${group.length} pod${group.length === 1 ? '' : 's'} cut off from ${others.length} both ways; ${first.namespace}/${first.pod} reached ${peer.namespace}/${peer.pod} (${peer.ip}:${peer.port}) before and cannot now`;
    });
  }
  const rule: NetRule =
    action === 'loss' ? { kind: 'loss', probability: (value.percent ?? 0) / 100 } : action === 'bandwidth' ? { kind: 'bandwidth', rate: value.rate ?? '' } : { kind: 'latency', delay: value.delay ?? '' };
  const port = group.find((p) => p.port !== undefined);
  const baseline = action === 'latency' && port !== undefined ? median(await rtts(ctx, port)) : 0;
  return inNodes(ctx, group.map((pod) => ({ pod, rule })), () => confirmDegraded(ctx, rule, group, port, baseline));
}

async function rtts(ctx: ChaosContext, pod: LivePod): Promise<number[]> {
  return (await probe(ctx, pod.node, connectTimesScript(pod.ip, pod.port ?? 0))).map((l) => Number(l.split(' ')[1]));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function confirmDegraded(ctx: ChaosContext, rule: NetRule, group: LivePod[], port: LivePod | undefined, baseline: number): Promise<string> {
  const first = group[0] as LivePod;
  if (rule.kind === 'bandwidth') {
    const [, bytes = '0', ms = '1'] = (await probe(ctx, first.node, throughputScript(first, 2)))[0]?.split(' ') ?? [];
    const measured = (Number(bytes) * 8) / (Number(ms) / 1000);
    const limit = rateBits(rule.rate);
    if (measured > limit * 1.5) throw new ChaosError(`The bandwidth limit did not take hold: ${first.pod} still sent ${formatRate(measured)} (limit ${rule.rate}).`);
    return `${first.namespace}/${first.pod} sent ${formatRate(measured)} in a ${(Number(ms) / 1000).toFixed(1)}s probe (limit ${rule.rate})`;
  }
  if (port === undefined) return 'applied (no TCP port to probe)';
  if (rule.kind === 'loss') {
    const [, ok = '0', tried = '0'] = (await probe(ctx, port.node, connectsScript(port.ip, port.port ?? 0, 200)))[0]?.split(' ') ?? [];
    const lost = Number(tried) - Number(ok);
    const each = 1 - Math.sqrt(Number(ok) / Math.max(1, Number(tried)));
    if (lost === 0) throw new ChaosError(`The loss did not show: all ${tried} probe connects to ${port.pod} went through.`, { hint: rule.probability < 0.02 ? 'a loss this small rarely shows in a few hundred connects; use a larger percent' : 'devnet chaos status shows what is in force' });
    return `${lost} of ${tried} probe connects to ${port.namespace}/${port.pod} lost: about ${Math.round(each * 100)}% of packets each way (asked ${Math.round(rule.probability * 100)}%)`;
  }
  const after = median(await rtts(ctx, port));
  const delay = parseDelayMs(rule.kind === 'latency' ? rule.delay : '0ms');
  if (after - baseline < delay * 0.5) throw new ChaosError(`The latency did not take hold: connects to ${port.pod} take ${after} ms, ${baseline} ms before.`);
  return `connects to ${port.namespace}/${port.pod} take ${after} ms (${baseline} ms before)`;
}

/** Takes fault `fault` out of every pod that still runs; a pod that is gone took its rules with it. */
export async function removeNetwork(ctx: ChaosContext, fault: Fault): Promise<string> {
  if (fault.policies !== undefined) return removePolicies(ctx, fault);
  const pods = fault.pods ?? [];
  const byNode = new Map<string, PodName[]>();
  for (const p of pods) byNode.set(p.node, [...(byNode.get(p.node) ?? []), { namespace: p.namespace, pod: p.pod }]);
  let removed = 0;
  let gone = 0;
  for (const [node, list] of byNode) {
    const result = await nodeScript(node, removeScript(fault.id, list, fault.action as NetAction), { run, env: ctx.env, signal: ctx.signal });
    if (result.exitCode !== 0) throw new ChaosError(`Could not take ${fault.action} out of the pods on ${node}: ${result.stderr || `exit ${result.exitCode}`}.`, { hint: 'devnet chaos clear tries again, and down removes the pods with their rules' });
    removed += result.lines.filter((l) => l.startsWith('removed ')).length;
    gone += result.lines.filter((l) => l.startsWith('gone ')).length;
  }
  return `rules taken out of ${removed} pod${removed === 1 ? '' : 's'}${gone > 0 ? ` (${gone} had been replaced, and their rules with them)` : ''}`;
}

/** tc's rate units in bits per second (iproute2 tc/tc_util.c get_rate: bit, kbit, mbit, gbit; bps is bytes). */
export function rateBits(rate: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)(bit|bps)$/.exec(rate);
  if (match === null) return Infinity;
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * scale * (match[3] === 'bps' ? 8 : 1);
}

function formatRate(bits: number): string {
  return bits >= 1e6 ? `${(bits / 1e6).toFixed(2)} Mbit/s` : `${Math.round(bits / 1e3)} kbit/s`;
}

function parseDelayMs(delay: string): number {
  const match = /^(\d+)(ms|s)$/.exec(delay);
  return match === null ? 0 : Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}
