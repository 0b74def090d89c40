/**
 * One fault, from its request to its confirmation, and back: the core that `devnet chaos`, a
 * profile's schedule and a check scenario share. Each fault that lasts is written to the record
 * (record.ts) before it is confirmed, so a failure or a Ctrl-C in the middle leaves something
 * `chaos clear` can undo.
 */
import { randomBytes } from 'node:crypto';
import { nodeScript } from '../../cluster/kind-node.js';
import { clearScript, inspectScript } from '../../cluster/node-faults.js';
import { RATE, type ChaosAction } from '../../config/chaos.js';
import { ChaosError, UserError } from '../../errors/index.js';
import type { LiveObject } from '../../kube/client.js';
import { actionProblem, podsOf, resolveTargets, type ResolvedTarget } from '../../networks/fault-targets.js';
import { run } from '../../system/process.js';
import type { ChaosContext } from './context.js';
import { planNetwork, removeNetwork, requireKind, type NetAction } from './network.js';
import { policiesOf, sweepPolicies } from './policy.js';
import { readFaults, writeFaults, type Fault } from './record.js';
import { describeFault, targetText } from './words.js';
import { killPod, killProcess, start, stop } from './workloads.js';

export interface FaultRequest {
  action: ChaosAction;
  target: string | readonly string[];
  percent?: number | undefined;
  rate?: string | undefined;
  delay?: string | undefined;
  process?: boolean | undefined;
  /** Seconds until devnet undoes it, written to the record as `until`. */
  forSeconds?: number | undefined;
}

export interface Applied {
  /** The fault as recorded; undefined for a kill, which undoes itself. */
  fault: Fault | undefined;
  /** What the probe or the watch saw: the proof it took hold. */
  confirmation: string;
  /** The fault in words: "validator-1 stopped". */
  summary: string;
}


export function resolve(ctx: ChaosContext, request: FaultRequest): ResolvedTarget[] {
  if (request.rate !== undefined && !RATE.test(request.rate)) throw new UserError(`${request.rate} is not a rate tc knows.`, { hint: 'give it in tc\'s units, such as 1mbit, 500kbit or 2mbps (iproute2 tc/tc_util.c get_rate)' });
  if (request.delay !== undefined && !/^\d+(ms|s)$/.test(request.delay)) throw new UserError(`${request.delay} is not a delay.`, { hint: 'give it as 100ms or 1s' });
  const resolved = resolveTargets(ctx.loaded.topology, request.target);
  if (!resolved.ok) throw new UserError(`Cannot ${request.action} ${targetText(request.target)}: ${resolved.message}.`, { hint: resolved.hint });
  const refused = actionProblem(ctx.loaded.topology, request.action, resolved.targets);
  if (refused !== undefined) throw new UserError(`Cannot ${request.action} ${targetText(request.target)}: ${refused.message}.`, { hint: refused.hint });
  return resolved.targets;
}

function valueOf(request: FaultRequest): string | undefined {
  if (request.action === 'loss') return `${request.percent ?? 0}%`;
  if (request.action === 'bandwidth') return request.rate;
  if (request.action === 'latency') return request.delay;
  return undefined;
}

/** Applies one fault and confirms it took hold; a network fault its probe does not see is taken out again. */
export async function applyFault(ctx: ChaosContext, request: FaultRequest): Promise<Applied> {
  const targets = resolve(ctx, request);
  if (request.action === 'kill') return { fault: undefined, ...(await kill(ctx, request, targets)) };
  const text = targetText(request.target);
  const summary = describeFault({ action: request.action, target: text, value: valueOf(request) });
  const base = {
    id: randomBytes(4).toString('hex'),
    target: text,
    value: valueOf(request),
    startedAt: new Date().toISOString(),
    until: request.forSeconds === undefined ? undefined : new Date(Date.now() + request.forSeconds * 1000).toISOString(),
  };
  const others = await readFaults(ctx.kube, ctx.loaded.profile.name, ctx.signal);
  const clash = others.find((f) => f.action === request.action && overlap(ctx, f.target, targets));
  if (clash !== undefined) throw new UserError(`${describeFault(clash)} already: a second ${request.action} on the same pods could not be undone on its own.`, { hint: `devnet chaos clear undoes every fault${request.action === 'stop' ? `; devnet chaos start ${clash.target} starts it again` : ''}` });
  if (request.action === 'stop') {
    const components = targets.flatMap((t) => t.components);
    const planned: Fault = { ...base, action: 'stop', scaled: components.map((c) => ({ namespace: c.namespace, name: c.name, replicas: c.replicas.length })) };
    await writeFaults(ctx.kube, ctx.loaded.profile.name, [...others, planned], ctx.signal);
    const { scaled, confirmation } = await stop(ctx, components);
    const fault = { ...planned, scaled, measured: confirmation };
    await writeFaults(ctx.kube, ctx.loaded.profile.name, [...others, fault], ctx.signal);
    return { fault, confirmation, summary };
  }
  const network = await planNetwork(ctx, request.action, targets, request);
  const planned: Fault = { ...base, action: request.action, ...network.record(base.id) };
  await writeFaults(ctx.kube, ctx.loaded.profile.name, [...others, planned], ctx.signal);
  try {
    await network.apply(planned.id);
    const confirmation = await network.confirm();
    const fault = { ...planned, measured: confirmation };
    await writeFaults(ctx.kube, ctx.loaded.profile.name, [...others, fault], ctx.signal);
    return { fault, confirmation, summary };
  } catch (error) {
    // Whatever part of it went in comes out again: a fault not confirmed is not left behind.
    await removeNetwork(ctx, planned).catch(() => undefined);
    await writeFaults(ctx.kube, ctx.loaded.profile.name, others, ctx.signal).catch(() => undefined);
    throw error;
  }
}

function overlap(ctx: ChaosContext, target: string, targets: readonly ResolvedTarget[]): boolean {
  const resolved = resolveTargets(ctx.loaded.topology, target);
  if (!resolved.ok) return false;
  const mine = new Set(podsOf(targets).map((p) => `${p.namespace}/${p.pod}`));
  return podsOf(resolved.targets).some((p) => mine.has(`${p.namespace}/${p.pod}`));
}

async function kill(ctx: ChaosContext, request: FaultRequest, targets: readonly ResolvedTarget[]): Promise<{ confirmation: string; summary: string }> {
  const target = targets[0];
  const pod = target?.pods[0];
  const component = target?.components[0];
  if (pod === undefined || component === undefined) throw new UserError(`${targetText(request.target)} has no pod to kill.`);
  if (request.process === true) {
    requireKind(ctx, 'kill --process');
    return { confirmation: await killProcess(ctx, pod, component), summary: `killed the process of ${target?.text ?? pod.pod}` };
  }
  return { confirmation: await killPod(ctx, pod, component), summary: `killed ${target?.text ?? pod.pod}` };
}

/** Undoes one recorded fault and drops it from the record; says what it saw. */
export async function undoFault(ctx: ChaosContext, fault: Fault): Promise<string> {
  const said = fault.action === 'stop' ? await start(ctx, fault.scaled ?? [], componentsOf(ctx, fault)) : await removeNetwork(ctx, fault);
  const left = (await readFaults(ctx.kube, ctx.loaded.profile.name, ctx.signal)).filter((f) => f.id !== fault.id);
  await writeFaults(ctx.kube, ctx.loaded.profile.name, left, ctx.signal);
  return said;
}

function componentsOf(ctx: ChaosContext, fault: Fault) {
  const names = new Set((fault.scaled ?? []).map((s) => `${s.namespace}/${s.name}`));
  return ctx.loaded.topology.components.filter((c) => names.has(`${c.namespace}/${c.name}`));
}

/** The faults whose target overlaps `target` (every fault of this action when none is given). */
export async function faultsOn(ctx: ChaosContext, action: Fault['action'] | undefined, target: string | undefined): Promise<Fault[]> {
  const faults = (await readFaults(ctx.kube, ctx.loaded.profile.name, ctx.signal)).filter((f) => action === undefined || f.action === action);
  if (target === undefined) return faults;
  const targets = resolve(ctx, { action: action ?? 'partition', target });
  return faults.filter((f) => overlap(ctx, f.target, targets));
}

interface NodeRule {
  pod: string;
  rule: string;
}

/** The kind nodes the devnet's pods run on. */
async function nodesOf(ctx: ChaosContext): Promise<string[]> {
  const { items } = await ctx.kube.list<LiveObject & { spec?: { nodeName?: string } }>('v1', 'Node', { signal: ctx.signal });
  return items.map((n) => n.metadata.name ?? '').filter((n) => n !== '');
}

/**
 * What devnet's faults left in force, read where it is: in the pods' network namespaces from the
 * kind nodes; on an existing cluster, the NetworkPolicies devnet made (`pod` is then their namespace).
 */
export async function rulesInNodes(ctx: ChaosContext): Promise<NodeRule[]> {
  // A kind cluster may also hold policies: a partition made on it through --context.
  const rules: NodeRule[] = (await policiesOf(ctx)).map((p) => ({ pod: p.namespace, rule: `NetworkPolicy ${p.name}` }));
  if (ctx.target.provider !== 'kind') return rules;
  for (const node of await nodesOf(ctx)) {
    const result = await nodeScript(node, inspectScript(ctx.loaded.profile.name), { run, env: ctx.env, signal: ctx.signal });
    if (result.exitCode !== 0) throw new ChaosError(`Could not read the rules in the kind node ${node}: ${result.stderr || `exit ${result.exitCode}`}.`);
    for (const line of result.lines) {
      const [kind, pod = '', what = ''] = line.split(' ');
      rules.push({ pod, rule: `${kind === 'chain' ? 'iptables chain' : 'tc qdisc'} ${what}` });
    }
  }
  return rules;
}

/**
 * Undoes every recorded fault, then sweeps the nodes for any rule of devnet's the record does not
 * know (a Ctrl-C between applying and recording), and checks that none is left.
 */
export async function clearAll(ctx: ChaosContext): Promise<{ undone: { fault: Fault; said: string }[]; swept: number }> {
  const undone: { fault: Fault; said: string }[] = [];
  for (const fault of await readFaults(ctx.kube, ctx.loaded.profile.name, ctx.signal)) undone.push({ fault, said: await undoFault(ctx, fault) });
  await writeFaults(ctx.kube, ctx.loaded.profile.name, [], ctx.signal);
  let swept = await sweepPolicies(ctx);
  if (ctx.target.provider === 'kind') {
    for (const node of await nodesOf(ctx)) {
      const result = await nodeScript(node, clearScript(ctx.loaded.profile.name), { run, env: ctx.env, signal: ctx.signal });
      swept += result.lines.filter((l) => l.startsWith('cleared ')).length;
    }
  }
  const left = await rulesInNodes(ctx);
  if (left.length > 0) throw new ChaosError(`Some rules are still in place after chaos clear: ${left.map((r) => `${r.rule} in ${r.pod}`).join(', ')}.`, { hint: 'devnet down removes the pods, and their rules with them' });
  return { undone, swept };
}

export const isNetAction = (action: ChaosAction): action is NetAction => ['partition', 'loss', 'bandwidth', 'latency'].includes(action);
