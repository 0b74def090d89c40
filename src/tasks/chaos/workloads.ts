/**
 * Faults on workloads, through the Kubernetes API (any cluster): stop scales StatefulSets to 0 and
 * waits for their pods to go (the objects stay), start gives the replicas back and waits for Ready,
 * kill deletes a pod and waits for its replacement, or (on kind) kills its main process from the
 * node and waits for the kubelet to restart it. Each returns what it saw, as the confirmation.
 */
import { nodeScript } from '../../cluster/kind-node.js';
import { killProcessScript } from '../../cluster/node-probes.js';
import { ChaosError } from '../../errors/index.js';
import type { LiveObject } from '../../kube/client.js';
import { Informer } from '../../kube/informer.js';
import { waitFor } from '../../kube/wait.js';
import type { PodRef } from '../../networks/fault-targets.js';
import type { ComponentPlan } from '../../networks/topology.js';
import { LABEL } from '../../render/labels.js';
import { run } from '../../system/process.js';
import type { ChaosContext } from './context.js';
import type { Fault } from './record.js';

interface PodObject extends LiveObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount: number }[] };
}

const STOP_WAIT_MS = 120_000;
const START_WAIT_MS = 300_000;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)}s`;
const ready = (pod: PodObject) => pod.metadata.deletionTimestamp === undefined && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Watches the pods of some components until `done` holds, or says what it was waiting for. */
async function watchPods(ctx: ChaosContext, components: readonly ComponentPlan[], done: (pods: PodObject[]) => boolean, waitMs: number, what: string): Promise<void> {
  const namespaces = [...new Set(components.map((c) => c.namespace))];
  const names = new Set(components.map((c) => `${c.namespace}/${c.name}`));
  const informers = namespaces.map((namespace) => new Informer<PodObject>(ctx.kube, 'v1', 'Pod', { namespace, labelSelector: `${LABEL.instance}=${ctx.loaded.profile.name}` }));
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(waitMs)]);
  try {
    await Promise.all(informers.map((i) => i.start(signal)));
    const mine = () => informers.flatMap((i) => i.list()).filter((p) => names.has(`${p.metadata.namespace ?? ''}/${p.metadata.labels?.[LABEL.component] ?? ''}`));
    await Promise.all(informers.map((i) => waitFor(i, () => done(mine()), signal)));
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new ChaosError(`Gave up after ${waitMs / 1000}s waiting for ${what}.`, { hint: 'devnet status shows what the pods are doing; devnet chaos clear puts everything back' });
  } finally {
    for (const i of informers) i.stop();
  }
}

export async function stop(ctx: ChaosContext, components: readonly ComponentPlan[]): Promise<{ scaled: NonNullable<Fault['scaled']>; confirmation: string }> {
  const started = performance.now();
  const scaled: NonNullable<Fault['scaled']> = [];
  for (const c of components) {
    const live = await ctx.kube.get<LiveObject & { spec?: { replicas?: number } }>('apps/v1', 'StatefulSet', c.namespace, c.name, ctx.signal);
    if (live === undefined) throw new ChaosError(`There is no StatefulSet ${c.namespace}/${c.name} to stop.`, { hint: 'devnet up deploys it; devnet status shows what runs' });
    // Already at 0 (stopped before): give back what the profile plans, not 0.
    const replicas = live.spec?.replicas || c.replicas.length;
    await ctx.kube.scale('apps/v1', 'StatefulSet', c.namespace, c.name, 0, ctx.signal);
    scaled.push({ namespace: c.namespace, name: c.name, replicas });
  }
  await watchPods(ctx, components, (pods) => pods.length === 0, STOP_WAIT_MS, `the pods of ${components.map((c) => c.name).join(', ')} to go`);
  const pods = components.reduce((n, c) => n + c.replicas.length, 0);
  return { scaled, confirmation: `${components.map((c) => c.name).join(' and ')} scaled to 0: ${pods} pod${pods === 1 ? '' : 's'} gone in ${seconds(started)}, their objects kept` };
}

export async function start(ctx: ChaosContext, scaled: NonNullable<Fault['scaled']>, components: readonly ComponentPlan[]): Promise<string> {
  const started = performance.now();
  for (const s of scaled) await ctx.kube.scale('apps/v1', 'StatefulSet', s.namespace, s.name, s.replicas, ctx.signal);
  const want = scaled.reduce((n, s) => n + s.replicas, 0);
  await watchPods(ctx, components, (pods) => pods.filter(ready).length >= want, START_WAIT_MS, `${want} pod${want === 1 ? '' : 's'} of ${scaled.map((s) => s.name).join(', ')} to be ready`);
  return `${scaled.map((s) => `${s.name} back to ${s.replicas}`).join(', ')}: ${want} pod${want === 1 ? '' : 's'} ready in ${seconds(started)}`;
}

/** Deletes the pod; its StatefulSet makes a new one under the same name. */
export async function killPod(ctx: ChaosContext, pod: PodRef, component: ComponentPlan): Promise<string> {
  const started = performance.now();
  const before = await ctx.kube.get<PodObject>('v1', 'Pod', pod.namespace, pod.pod, ctx.signal);
  if (before === undefined) throw new ChaosError(`Pod ${pod.namespace}/${pod.pod} does not run, so there is nothing to kill.`, { hint: 'devnet status shows the pods; devnet chaos start brings a stopped component back' });
  await ctx.kube.delete('v1', 'Pod', pod.namespace, pod.pod, ctx.signal);
  const replaced = (pods: PodObject[]) => pods.some((p) => p.metadata.name === pod.pod && p.metadata.uid !== before.metadata.uid && ready(p));
  await watchPods(ctx, [component], replaced, START_WAIT_MS, `a new ${pod.pod} to be ready`);
  return `${pod.pod} deleted; its StatefulSet made a new one, ready in ${seconds(started)}`;
}

/** Kills the container's main process from the kind node; the kubelet restarts the container in place. */
export async function killProcess(ctx: ChaosContext, pod: PodRef, component: ComponentPlan): Promise<string> {
  const started = performance.now();
  const live = await ctx.kube.get<PodObject>('v1', 'Pod', pod.namespace, pod.pod, ctx.signal);
  const node = live?.spec?.nodeName;
  if (live === undefined || node === undefined) throw new ChaosError(`Pod ${pod.namespace}/${pod.pod} does not run, so there is no process to kill.`, { hint: 'devnet status shows the pods' });
  const restarts = live.status?.containerStatuses?.[0]?.restartCount ?? 0;
  const result = await nodeScript(node, killProcessScript(pod), { run, env: ctx.env, signal: ctx.signal });
  if (result.exitCode !== 0) throw new ChaosError(`Could not kill the process of ${pod.pod}: ${result.stderr || `exit ${result.exitCode}`}.`, { hint: 'devnet status shows whether the pod runs' });
  const restarted = (pods: PodObject[]) => pods.some((p) => p.metadata.name === pod.pod && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > restarts && ready(p));
  await watchPods(ctx, [component], restarted, START_WAIT_MS, `the kubelet to restart ${pod.pod}`);
  return `${result.lines[0] ?? 'killed'} in ${pod.pod}; the kubelet restarted it (restart ${restarts + 1}), ready in ${seconds(started)}`;
}
