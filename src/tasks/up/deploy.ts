/**
 * The deploy chain. Everything inert (namespaces, Secrets, ConfigMaps, Services) goes first; then
 * what validators share (their database, a bootstrap node); then every validator in parallel
 * through storage → init → shards → proxies → nodes → exporter, each step waited for by watch.
 */
import type { Kube } from '../../kube/client.js';
import { retrying } from '../../kube/wait.js';
import { withEntries, type Material } from '../../networks/material.js';
import { BOOTSTRAP_ADDRESS } from '../../networks/p2p/plan.js';
import { PHASE_ORDER, type ComponentPlan, type Topology } from '../../networks/topology.js';
import type { CommandLines } from '../../output/command-line.js';
import type { KubeObject } from '../../render/kube-object.js';
import { isWebhookRace } from '../../prereqs/install.js';
import type { Applier } from './apply.js';
import { discoverBootstrap } from './bootstrap.js';
import type { DevnetWatch } from './readiness.js';

export interface DeployContext {
  kube: Kube;
  topology: Topology;
  applier: Applier;
  watch: DevnetWatch;
  signal: AbortSignal;
  /** Renders all objects for the given material (called again when the bootstrap address is known). */
  render: (material: Material) => KubeObject[];
  material: Material;
  note: (scope: string, message: string) => void;
  timings: PhaseTimings;
  /** Follow-up commands for hints, with the flags this run was given. */
  lines: CommandLines;
  /** The run's --timeout and when it began (epoch ms), for waits that say how long they have waited. */
  deadline: { startedAt: number; seconds: number };
}

const INERT = new Set(['Namespace', 'Secret', 'ConfigMap', 'Service', 'ServiceMonitor', 'Gateway', 'GRPCRoute', 'Issuer', 'Certificate', 'Ingress']);

export class PhaseTimings {
  private readonly spans = new Map<string, { start: number; end: number }>();

  async measure<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const end = performance.now();
      const span = this.spans.get(phase);
      this.spans.set(phase, { start: Math.min(span?.start ?? start, start), end: Math.max(span?.end ?? end, end) });
    }
  }

  list(): { name: string; seconds: number }[] {
    return [...this.spans].map(([name, s]) => ({ name, seconds: Math.round((s.end - s.start) / 100) / 10 }));
  }
}

export function inertObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => INERT.has(o.kind));
}

function workloadOf(objects: readonly KubeObject[], component: ComponentPlan): KubeObject[] {
  return objects.filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Job') && o.metadata.namespace === component.namespace && o.metadata.name === component.name);
}

async function deployComponent(ctx: DeployContext, objects: readonly KubeObject[], component: ComponentPlan, scope: string): Promise<void> {
  const workload = workloadOf(objects, component);
  await ctx.applier.apply(workload);
  const generation = Math.max(0, ...workload.map((o) => ctx.applier.appliedGeneration(o)));
  await ctx.watch.waitComponent(component, ctx.signal, ctx.lines, (note) => ctx.note(scope, `${component.name}: ${note}`), generation);
  ctx.note(scope, `${component.name} ready`);
}

/** The namespace's database: a ScyllaCluster the operator runs, or a storage server of devnet's own. */
async function deployStorage(ctx: DeployContext, objects: readonly KubeObject[], namespace: string, scope: string): Promise<void> {
  for (const plan of ctx.topology.scylla.filter((s) => s.namespace === namespace)) {
    const cluster = objects.filter((o) => o.kind === 'ScyllaCluster' && o.metadata.namespace === namespace && o.metadata.name === plan.name);
    // The operator's webhook may have no endpoints yet right after install: retry, as Linera's charts note.
    await retrying(() => ctx.applier.apply(cluster), isWebhookRace, ctx.signal, () => ctx.note(scope, 'the ScyllaDB webhook is not answering yet, retrying'));
    await ctx.watch.waitScylla(plan, ctx.signal, ctx.lines, (note) => ctx.note(scope, `ScyllaDB: ${note}`));
    ctx.note(scope, `ScyllaCluster ${plan.name} available`);
  }
  const servers = ctx.topology.components.filter((c) => c.namespace === namespace && c.phase === 'storage');
  await Promise.all(servers.map((c) => deployComponent(ctx, objects, c, scope)));
}

/** What validators share, in the shared namespace: storage first, then a bootstrap node. */
export async function deployShared(ctx: DeployContext, objects: readonly KubeObject[]): Promise<KubeObject[]> {
  const shared = ctx.topology.namespaces.find((ns) => ns.validator === null);
  if (shared === undefined) return [...objects];
  await ctx.timings.measure('storage', () => deployStorage(ctx, objects, shared.name, 'shared'));
  const bootstrap = ctx.topology.components.find((c) => c.namespace === shared.name && c.phase === 'bootstrap');
  if (bootstrap === undefined) return [...objects];
  await ctx.timings.measure('bootstrap', () => deployComponent(ctx, objects, bootstrap, 'shared'));
  const address = await ctx.timings.measure('bootstrap', () => discoverBootstrap(ctx, bootstrap));
  ctx.note('shared', `bootstrap address ${address.slice(0, 48)}${address.length > 48 ? '…' : ''}`);
  ctx.material = withEntries(ctx.material, { [BOOTSTRAP_ADDRESS]: address });
  const rendered = ctx.render(ctx.material);
  await ctx.applier.apply(rendered.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'bootstrap'));
  return rendered;
}

export async function deployValidator(ctx: DeployContext, objects: readonly KubeObject[], validator: number): Promise<void> {
  const namespace = ctx.topology.validators[validator]?.namespace ?? '';
  const scope = `validator-${validator}`;
  await ctx.timings.measure('storage', () => deployStorage(ctx, objects, namespace, scope));
  const components = ctx.topology.components.filter((c) => c.namespace === namespace);
  // Storage went first, above.
  for (const phase of PHASE_ORDER.filter((p) => p !== 'storage')) {
    const inPhase = components.filter((c) => c.phase === phase);
    if (inPhase.length === 0) continue;
    await ctx.timings.measure(phase, () => Promise.all(inPhase.map((c) => deployComponent(ctx, objects, c, scope))));
  }
}
