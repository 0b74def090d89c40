/** devnet explain: the topology as a tree, what each part does, how traffic flows, what it costs. */
import type { Io } from '../system/io.js';
import { formatCpu, formatGiB, formatMemory, parseQuantity } from '../config/quantity.js';
import { AIO_PER_SCYLLA_SHARD, budgetOf, OPERATORS_OVERHEAD, overheadOf } from '../networks/budget.js';
import { kindNamed, toleranceOf } from '../networks/registry.js';
import { PHASE_ORDER, type ComponentPlan, type ScyllaPlan, type StorageCost, type Topology } from '../networks/topology.js';
import { drawTree, type TreeNode } from '../output/tree.js';
import { theme, type Theme } from '../output/theme.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { formatProblem } from '../config/problem.js';
import { formatSeconds } from '../tui/format.js';
import { hostReach, validatorEndpoints, type Reach } from './reach.js';
import { kindConfigHere } from './host-facts.js';
import type { ChaosEntry } from '../config/chaos.js';
import { describeEntry } from './chaos/words.js';
import type { Tolerance } from '../networks/fault-tolerance.js';

export interface ExplainFlags extends ProfileFlags {
  output: 'text' | 'json';
  /** Draw every validator, not just the first one in full. */
  all: boolean;
}

export async function runExplain(flags: ExplainFlags, io: Io): Promise<void> {
  const { topology, file, warnings, profile } = await loadProfile(flags, io.cwd);
  const tolerance = toleranceOf(profile);
  const w = theme(io.env, io.stderr);
  for (const warning of warnings) io.stderr.write(`${w.warning('warning')} ${formatProblem(warning)}\n`);
  if (flags.output === 'json') {
    io.stdout.write(`${JSON.stringify({ ...topology, faultTolerance: tolerance, chaos: profile.chaos.map((entry) => ({ ...entry, description: describeEntry(entry) })) }, null, 2)}\n`);
    return;
  }
  const t = theme(io.env, io.stdout);
  const host = topology.cluster.provider === 'kind' ? (await kindConfigHere(topology.cluster, io)).notes : [];
  io.stdout.write(`${[...explain(topology, file, t, flags.all, io.env.LANG?.includes('UTF') === false, host, tolerance), ...scheduleSection(profile.chaos, t)].join('\n')}\n`);
}

/** `host`: what the kind config changes for this machine's Docker host (adaptToHost), in a sentence each. */
export function explain(topology: Topology, file: string, t: Theme, all: boolean, ascii = false, host: string[] = [], tolerance?: Tolerance): string[] {
  const header = [
    `${t.bold(topology.name)} ${t.dim(`(${file})`)}${topology.description ? ` - ${topology.description}` : ''}`,
    kindNamed(topology.network).summary,
    clusterLine(topology),
    ...host.map((line) => `  ${line.charAt(0).toUpperCase()}${line.slice(1)}.`),
    '',
  ];
  const validatorNodes = topology.validators.map((v, i) => (all || i === 0 ? validatorTree(topology, v.index, t) : validatorSummary(topology, v.index)));
  const chosen = (topology.notes ?? []).length === 0 ? [] : [t.bold('Chosen by devnet'), ...(topology.notes ?? []).map((n) => `  ${n}`), ''];
  return [
    ...header,
    ...chosen,
    ...drawTree([...sharedTrees(topology, t), ...validatorNodes], ascii),
    '',
    t.bold('How traffic flows'),
    ...topology.flows.map((flow) => `  ${flow}`),
    '',
    t.bold('Start-up order'),
    `  ${PHASE_ORDER.filter((phase) => topology.components.some((c) => c.phase === phase) || (phase === 'storage' && topology.scylla.length > 0)).join(' → ')}, validators in parallel`,
    '',
    t.bold('Budget'),
    ...budgetLines(topology),
    ...(tolerance === undefined ? [] : ['', t.bold('Validators that may fail'), ...toleranceLines(tolerance, t)]),
  ];
}

/** The profile's chaos: schedule, as up and devnet chaos run will play it. */
export function scheduleSection(entries: readonly ChaosEntry[], t: Theme): string[] {
  if (entries.length === 0) return [];
  return ['', t.bold('Faults on schedule (chaos:)'), ...entries.map((e) => `  ${describeEntry(e)}`), `  ${t.dim('counted from when the devnet is ready; devnet up plays them (--no-chaos does not), devnet chaos run plays them again')}`];
}

/** How many validators the network's own rule lets stop (devnet chaos stop shows it happen). */
function toleranceLines(tolerance: Tolerance, t: Theme): string[] {
  const count = tolerance.mayFail === undefined ? [] : [`  ${tolerance.mayFail} may fail and the network keeps making progress: ${tolerance.rule}`];
  return [...count, ...(tolerance.mayFail === undefined ? [`  ${tolerance.rule}`] : []), `  ${tolerance.beyond}`, `  ${t.dim(`(${tolerance.source})`)}`];
}

function clusterLine(topology: Topology): string {
  const c = topology.cluster;
  if (c.provider === 'existing') return `Cluster: the kubeconfig context ${c.context ?? '(current)'}`;
  const ports = c.reserved.map((e) => e.hostPort);
  const span = ports.length === 0 ? 'no host ports' : `host ports ${Math.min(...ports)}-${Math.max(...ports)} on ${c.listenAddress} reserved`;
  return `Cluster: kind cluster "${c.name}" (${c.nodeImage.split('@')[0]}), ${span}`;
}

function sharedTrees(topology: Topology, t: Theme): TreeNode[] {
  const shared = topology.namespaces.filter((ns) => ns.validator === null);
  return shared.map((ns) => ({
    label: `${t.bold('shared')} ${t.dim(`namespace ${ns.name}`)}`,
    children: [
      ...topology.scylla.filter((s) => s.namespace === ns.name).map((s) => scyllaNode(s, topology)),
      ...topology.components.filter((c) => c.namespace === ns.name).map((c) => componentNode(c, t)),
    ],
  }));
}

function scyllaNode(plan: ScyllaPlan, topology: Topology): TreeNode {
  const shared = plan.validator === null;
  return {
    label: `storage: ScyllaCluster ${plan.name} - ${plan.members} node${plan.members > 1 ? 's' : ''}, ScyllaDB ${plan.version}${plan.developerMode ? ', developer mode' : ''}`,
    notes: [
      `${plan.resources.limits.cpu} CPU / ${plan.resources.limits.memory} each, ${plan.capacity} of ${plan.storageClass} storage, config in ConfigMap ${plan.configMap}`,
      shared ? `shared by all ${topology.validators.length} validators, a table each in keyspace kv (kv.table_validator_N)` : 'this validator\'s own database',
      `clients connect to ${plan.clientHost}:9042`,
    ],
  };
}

function componentNode(component: ComponentPlan, t: Theme): TreeNode {
  const count = component.replicas.length;
  const kind = component.workload === 'Job' ? 'Job' : `StatefulSet, ${count} replica${count === 1 ? '' : 's'}`;
  const ports = component.ports.map((p) => `${p.name} :${p.port}${p.protocol === 'UDP' ? '/udp' : ''}`).join(', ');
  const shared = component.sharedExposure?.exposures.map((e) => `${e.portName} → NodePort ${e.nodePort} → host :${e.hostPort}`) ?? [];
  return {
    label: `${t.accent(component.name)} ${t.dim(`(${kind})`)}`,
    notes: [component.role, ...(ports ? [`binds ${ports}`] : []), ...volumeNote(component), ...shared.map((s) => `exposed: ${s}`), ...component.traffic.map((x) => `traffic: ${x}`), ...healthNote(component)],
    children: component.workload === 'Job' ? [] : component.replicas.map((r) => ({
      label: `${r.pod}${r.exposures.length > 0 ? t.dim(`  ${r.exposures.map((e) => `${e.portName} NodePort ${e.nodePort}`).join(', ')}`) : ''}`,
    })),
  };
}

function volumeNote(component: ComponentPlan): string[] {
  const claim = component.volumeClaim;
  return claim === undefined ? [] : [`volume: ${claim.size} of ${claim.storageClass} storage at ${claim.mountPath} per replica, kept when the pod restarts`];
}

/** The log-keyword rule (kubevali's watchlog), as `devnet health` applies it. */
function healthNote(component: ComponentPlan): string[] {
  const h = component.health;
  if (h === undefined) return [];
  const pings = h.pings === undefined ? '' : `; pings ${h.pings.url}/<check> per replica`;
  return [`health: "${h.keyword}" in each replica's log at least every ${formatSeconds(h.withinSeconds)}${pings}`];
}

function validatorTree(topology: Topology, index: number, t: Theme): TreeNode {
  const validator = topology.validators[index];
  if (validator === undefined) return { label: '' };
  const data = topology.data.filter((d) => d.namespace === validator.namespace);
  return {
    label: `${t.bold(validator.name)} ${t.dim(`namespace ${validator.namespace}`)}`,
    notes: [
      ...validatorEndpoints(validator, plannedReach(topology)).map((e) => `${e.label}: ${e.address}`),
      ...(validator.storageUri ? [`storage: ${validator.storageUri}`] : []),
    ],
    children: [
      ...topology.scylla.filter((s) => s.namespace === validator.namespace).map((s) => scyllaNode(s, topology)),
      ...topology.components.filter((c) => c.namespace === validator.namespace).map((c) => componentNode(c, t)),
      ...data.map((d) => ({ label: `${d.kind} ${d.name}`, notes: [d.purpose] })),
    ],
  };
}

function validatorSummary(topology: Topology, index: number): TreeNode {
  const v = topology.validators[index];
  if (v === undefined) return { label: '' };
  return { label: `${v.name} namespace ${v.namespace} - same parts as validator-0; ${validatorEndpoints(v, plannedReach(topology)).map((e) => e.address).join(', ')}` };
}

/** Without a cluster to ask, an existing cluster's node is named, not guessed. */
function plannedReach(topology: Topology): Reach {
  return topology.cluster.provider === 'existing' ? { via: 'node-port', node: '<node address>' } : hostReach(topology);
}

function budgetLines(topology: Topology): string[] {
  const b = budgetOf(topology);
  const overhead = overheadOf(topology);
  return [
    `  ${b.pods} long-running pods reserve ${formatCpu(b.requests.cpu)} CPU and ${formatGiB(b.requests.memory)}; they may use up to ${formatCpu(b.limits.cpu)} CPU and ${formatGiB(b.limits.memory)}`,
    ...storageLines(topology),
    ...(b.scyllaShards > 0 ? [`  ${b.scyllaShards} ScyllaDB shard${b.scyllaShards > 1 ? 's' : ''}: the host needs fs.aio-max-nr >= ${b.scyllaShards * AIO_PER_SCYLLA_SHARD}`] : []),
    `  plus ${overhead.what} (about ${formatCpu(overhead.cpu)} CPU and ${formatMemory(overhead.memory)})`,
  ];
}

/** The storage engine's share, and what the other engine would cost in its place. */
function storageLines(topology: Topology): string[] {
  if (topology.storage === undefined) return [];
  const { current, alternative } = topology.storage;
  return [`  storage (${current.engine}), among them: ${costText(current)}`, `  storage with ${alternative.engine} instead: ${costText(alternative)}`];
}

function costText(cost: StorageCost): string {
  const total = (quantity: string) => parseQuantity(quantity) * cost.pods;
  const { requests, limits } = cost.resources;
  const operators =
    cost.operators.length === 0
      ? 'no operators'
      : `plus ${cost.operators.join(' and ')} (about ${formatCpu(OPERATORS_OVERHEAD.cpu)} CPU and ${formatMemory(OPERATORS_OVERHEAD.memory)})`;
  return `${cost.pods} pod${cost.pods === 1 ? '' : 's'} reserving ${formatCpu(total(requests.cpu))} CPU and ${formatMemory(total(requests.memory))}, up to ${formatCpu(total(limits.cpu))} CPU and ${formatMemory(total(limits.memory))}; ${operators}`;
}
