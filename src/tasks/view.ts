/**
 * The devnet as it is in the cluster, shaped by its topology: validators → components → pods, with
 * each pod's state and reason. One builder for `devnet status` and for the dashboard.
 */
import type { LiveObject } from '../kube/client.js';
import { jobState, scyllaClusterReady, summarisePod, type PodObject } from '../kube/conditions.js';
import type { ComponentPlan, Topology } from '../networks/topology.js';
import { LABEL } from '../render/labels.js';
import { exposureAddress, hostReach, validatorEndpoints, type Reach } from './reach.js';
import type { ComponentView, DashboardHeader, PodHealth, PodRow, TopologyView, ValidatorView } from '../tui/model.js';

/** Log-keyword health by PodRow.key (src/tasks/health/monitor.ts). */
export type HealthByPod = ReadonlyMap<string, PodHealth>;

export interface ClusterSnapshot {
  pods: PodObject[];
  statefulSets: LiveObject[];
  jobs: LiveObject[];
  scyllaClusters: LiveObject[];
  storagePods: PodObject[];
}

export function podRow(pod: PodObject, component: string, validator: number | null): PodRow {
  const s = summarisePod(pod);
  const created = pod.metadata.creationTimestamp === undefined ? undefined : Date.parse(pod.metadata.creationTimestamp);
  return {
    key: `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`,
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    validator,
    component,
    state: s.state,
    ready: s.ready,
    restarts: s.restarts,
    ...(created === undefined || Number.isNaN(created) ? {} : { createdAt: created }),
    ...(s.reason === undefined ? {} : { reason: s.reason }),
    ...(s.message ? { message: s.message } : {}),
    ...(s.lastExitCode === undefined ? {} : { lastExitCode: s.lastExitCode }),
  };
}

/** Endpoints of the component as a whole (a load-balanced NodePort); per-replica ones go on pod rows. */
function endpointsOf(component: ComponentPlan, reach: Reach): string[] {
  return component.sharedExposure?.exposures.map((e) => exposureAddress(e, reach)) ?? [];
}

function withEndpoint(row: PodRow, plan: ComponentPlan, reach: Reach, health: HealthByPod | undefined): PodRow {
  const exposure = plan.replicas.find((r) => r.pod === row.name)?.exposures.find((e) => e.protocol === 'TCP');
  const healthOf = health?.get(row.key);
  return { ...row, ...(exposure === undefined ? {} : { endpoint: exposureAddress(exposure, reach) }), ...(healthOf === undefined ? {} : { health: healthOf }) };
}

function componentView(plan: ComponentPlan, snapshot: ClusterSnapshot, reach: Reach, health: HealthByPod | undefined): ComponentView {
  const pods = snapshot.pods
    .filter((p) => p.metadata.namespace === plan.namespace && p.metadata.labels?.[LABEL.component] === plan.name)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, undefined, { numeric: true }))
    .map((p) => withEndpoint(podRow(p, plan.name, plan.validator), plan, reach, health));
  const workload = (plan.workload === 'Job' ? snapshot.jobs : snapshot.statefulSets).find((o) => o.metadata.namespace === plan.namespace && o.metadata.name === plan.name);
  const ready = plan.workload === 'Job' ? (workload !== undefined && jobState(workload) === 'complete' ? 1 : 0) : ((workload as { status?: { readyReplicas?: number } } | undefined)?.status?.readyReplicas ?? 0);
  return { name: plan.name, role: plan.role, workload: plan.workload, namespace: plan.namespace, desired: plan.workload === 'Job' ? 1 : plan.replicas.length, ready, endpoints: endpointsOf(plan, reach), pods };
}

function storageViews(topology: Topology, snapshot: ClusterSnapshot, namespace: string, validator: number | null): ComponentView[] {
  return topology.scylla
    .filter((s) => s.namespace === namespace)
    .map((s) => {
      const cluster = snapshot.scyllaClusters.find((c) => c.metadata.namespace === namespace && c.metadata.name === s.name);
      const pods = snapshot.storagePods.filter((p) => p.metadata.namespace === namespace && p.metadata.labels?.['scylla/cluster'] === s.name).map((p) => podRow(p, 'storage', validator));
      const ready = cluster !== undefined && scyllaClusterReady(cluster) ? s.members : pods.filter((p) => p.state === 'ready').length;
      return { name: 'storage', role: `ScyllaDB ${s.version} (ScyllaCluster ${s.name})`, workload: 'ScyllaCluster' as const, namespace, desired: s.members, ready, endpoints: [], pods };
    });
}

/** `reach`: how the user reaches exposed ports (see reach.ts); kind's host ports by default. */
export function buildView(topology: Topology, snapshot: ClusterSnapshot, header: DashboardHeader, health?: HealthByPod, reach: Reach = hostReach(topology)): TopologyView {
  const groups: ValidatorView[] = topology.namespaces.map((ns) => {
    const validator = topology.validators.find((v) => v.namespace === ns.name);
    return {
      index: ns.validator,
      name: ns.validator === null ? 'shared' : `validator-${ns.validator}`,
      namespace: ns.name,
      endpoints: validator === undefined ? [] : validatorEndpoints(validator, reach).map((e) => e.address),
      components: [...storageViews(topology, snapshot, ns.name, ns.validator), ...topology.components.filter((c) => c.namespace === ns.name).map((c) => componentView(c, snapshot, reach, health))],
    };
  });
  return { header, validators: groups };
}

export function allPods(view: TopologyView): PodRow[] {
  return view.validators.flatMap((v) => v.components.flatMap((c) => c.pods));
}
