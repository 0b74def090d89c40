/**
 * Before `up` applies anything: refuse to share a namespace, a NodePort or a host port with another
 * devnet in the same cluster (naming it), then write this devnet's record (with its expiry, --ttl).
 */
import { UserError } from '../../errors/index.js';
import { KubeApiError, type Kube, type LiveObject } from '../../kube/client.js';
import { LABEL } from '../../render/labels.js';
import { claimsOf, firstNamespace, listRecords, recordObject, type DevnetRecord, type PortClaim } from '../record.js';
import { stamped } from './apply.js';
import { rememberCurrent } from '../current.js';
import type { UpContext } from './context.js';

interface Clash {
  other: string;
  what: string;
  /** How to remove what holds it, when devnet did not make it. */
  remove?: string;
}

export async function claim(ctx: UpContext, note: (m: string) => void): Promise<string> {
  const kube = ctx.requireKube();
  const topology = ctx.loaded.topology;
  const mine = claimsOf(topology, ctx.target.provider);
  const records = await forbiddenAsEmpty(() => listRecords(kube, ctx.signal), note, 'other devnets\' records');
  const own = records.find((r) => r.record.devnet === topology.name);
  if (own !== undefined && own.record.network !== topology.network) {
    throw new UserError(`A devnet named ${topology.name} already runs ${own.record.network} in this cluster; this profile is ${topology.network}.`, {
      hint: `remove it first (devnet down -p ${own.record.profile}), or give this profile another name`,
    });
  }
  const live = await forbiddenAsEmpty(() => liveClashes(kube, topology.name, mine, ctx.signal), note, 'Services and namespaces cluster-wide');
  const clashes = [...recordClashes(records.map((r) => r.record).filter((r) => r.devnet !== topology.name), mine), ...live];
  if (clashes.length > 0) throw clashError(topology.name, ctx.target.context ?? ctx.target.clusterName, clashes);
  const now = new Date();
  const ttl = ctx.flags.ttlSeconds;
  const record: DevnetRecord = {
    devnet: topology.name,
    network: topology.network,
    profile: ctx.loaded.file,
    cluster: { provider: ctx.target.provider, name: ctx.target.clusterName },
    createdAt: own?.record.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    ...(ttl !== undefined ? { expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(), ttl: ctx.flags.ttl } : own?.record.expiresAt !== undefined ? { expiresAt: own.record.expiresAt, ttl: own.record.ttl } : {}),
    ...mine,
  };
  ctx.record = record;
  await writeRecord(ctx);
  // From here the devnet is in the cluster: the commands that take the last one brought up take it.
  await rememberCurrent(ctx.io, ctx.loaded, ctx.flags);
  if (record.expiresAt !== undefined) note(`expires at ${record.expiresAt} (devnet gc removes it after that)`);
  return `no other devnet uses its namespaces or ports${record.expiresAt === undefined ? '' : `; expires ${record.expiresAt}`}`;
}

/** Writes the record (and the namespace it lives in, as render makes it); again after a reset removed it. */
export async function writeRecord(ctx: UpContext): Promise<void> {
  const kube = ctx.requireKube();
  if (ctx.record === undefined) return;
  const namespace = firstNamespace(ctx.loaded.topology);
  if ((await kube.get('v1', 'Namespace', undefined, namespace.metadata.name, ctx.signal)) === undefined) await kube.apply(stamped(namespace), { signal: ctx.signal });
  await kube.apply(recordObject(ctx.record), { signal: ctx.signal });
}

/** With a kubeconfig that may not read the whole cluster, the check covers what it can and says so. */
async function forbiddenAsEmpty<T>(read: () => Promise<T[]>, note: (m: string) => void, what: string): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.status !== 403) throw error;
    note(`cannot read ${what} (forbidden): clashes there are left to the API server to refuse`);
    return [];
  }
}

function overlap(a: readonly PortClaim[], b: readonly PortClaim[]): number[] {
  return a.filter((x) => b.some((y) => y.port === x.port && y.protocol === x.protocol)).map((x) => x.port);
}

/** A NodePort number belongs to one Service whatever the protocol: the API server allocates numbers. */
function nodePortOverlap(a: readonly PortClaim[], b: readonly PortClaim[]): number[] {
  return a.filter((x) => b.some((y) => y.port === x.port)).map((x) => x.port);
}

function recordClashes(others: DevnetRecord[], mine: ReturnType<typeof claimsOf>): Clash[] {
  return others.flatMap((other) => {
    const namespaces = other.namespaces.filter((n) => mine.namespaces.includes(n));
    const nodePorts = nodePortOverlap(mine.nodePorts, other.nodePorts);
    const hostPorts = overlap(mine.hostPorts, other.hostPorts);
    return [
      ...(namespaces.length > 0 ? [{ other: `devnet ${other.devnet}`, what: `namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}` }] : []),
      ...(nodePorts.length > 0 ? [{ other: `devnet ${other.devnet}`, what: `NodePort${nodePorts.length > 1 ? 's' : ''} ${ports(nodePorts)}` }] : []),
      ...(hostPorts.length > 0 ? [{ other: `devnet ${other.devnet}`, what: `host port${hostPorts.length > 1 ? 's' : ''} ${ports(hostPorts)}` }] : []),
    ];
  });
}

/** What the cluster itself shows: namespaces and NodePort Services someone else owns. */
async function liveClashes(kube: Kube, devnet: string, mine: ReturnType<typeof claimsOf>, signal: AbortSignal): Promise<Clash[]> {
  const owner = (o: LiveObject) => {
    const instance = o.metadata.labels?.[LABEL.instance];
    return instance !== undefined && o.metadata.labels?.[LABEL.managedBy] === 'devnet' ? `devnet ${instance}` : undefined;
  };
  const clashes: Clash[] = [];
  for (const name of mine.namespaces) {
    const ns = await kube.get('v1', 'Namespace', undefined, name, signal);
    if (ns !== undefined && ns.metadata.labels?.[LABEL.instance] !== devnet) clashes.push({ other: owner(ns) ?? `namespace ${name} (not made by devnet)`, what: `namespace ${name}` });
  }
  const { items } = await kube.list<LiveObject & { spec?: { type?: string; ports?: { nodePort?: number; protocol?: string }[] } }>('v1', 'Service', { signal });
  for (const service of items) {
    if (service.metadata.labels?.[LABEL.instance] === devnet || mine.namespaces.includes(service.metadata.namespace ?? '')) continue;
    const used = (service.spec?.ports ?? []).filter((p) => p.nodePort !== undefined).map((p) => ({ protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP', port: p.nodePort ?? 0 }));
    const taken = nodePortOverlap(mine.nodePorts, used);
    const foreign = owner(service) === undefined ? { remove: `kubectl delete service -n ${service.metadata.namespace ?? ''} ${service.metadata.name}` } : {};
    if (taken.length > 0) clashes.push({ other: owner(service) ?? `Service ${service.metadata.namespace ?? ''}/${service.metadata.name} (not made by devnet)`, what: `NodePort${taken.length > 1 ? 's' : ''} ${ports(taken)}`, ...foreign });
  }
  return clashes;
}

function ports(list: number[]): string {
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  return sorted.length > 4 ? `${sorted.slice(0, 4).join(', ')} and ${sorted.length - 4} more` : sorted.join(', ');
}

function clashError(devnet: string, where: string, clashes: Clash[]): UserError {
  const others = [...new Set(clashes.map((c) => c.other))];
  const merged = others.map((other) => `${other} already uses ${[...new Set(clashes.filter((c) => c.other === other).map((c) => c.what))].join(' and ')}`);
  const removals = [...new Set(clashes.flatMap((c) => (c.remove === undefined ? [] : [c.remove])))];
  return new UserError(`Devnet ${devnet} would clash with ${others.join(' and ')} in ${where}; nothing was applied.`, {
    details: merged,
    hint:
      `give this profile other ports (the nodePort base of its ports, or linera.exposure.nodePortBase/hostPortBase), run it in a cluster of its own (cluster.name), or remove the other devnet (devnet down -p PROFILE, or devnet gc for expired ones); devnet list shows what runs where` +
      (removals.length > 0 ? `; a Service devnet did not make goes with ${removals.join(' and ')}` : ''),
  });
}

