/**
 * Preflight (also `devnet doctor`): what this machine must offer before devnet creates anything,
 * each failure with the exact fix. Checks are small functions over an injected host probe, so
 * each can be tested on its own.
 */
import { dockerInfo, imageArchitectures, localImageId, type DockerInfo } from '../cluster/docker.js';
import { kindClusters } from '../cluster/kind.js';
import { locateKind, lookupKind, type KindLookup } from '../cluster/kind-binary.js';
import { formatCpu, formatGiB } from '../config/quantity.js';
import { AIO_PER_SCYLLA_SHARD, budgetOf, overheadOf } from '../networks/budget.js';
import { isLocalImage, localImagesOf } from '../networks/local-images.js';
import { remedy } from './local-images.js';
import type { HostExposure, Topology } from '../networks/topology.js';
import { cgroupCheck, kindCheck } from './preflight-node.js';

/** skip: the check could not look (its reason is the detail); it neither passes nor fails. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface HostProbe {
  docker(): Promise<DockerInfo>;
  /** Which kind this machine has: on PATH, downloaded by devnet, or neither (never downloads). */
  kind(): Promise<KindLookup>;
  kindClusters(): Promise<string[]>;
  sysctl(name: string): Promise<number | undefined>;
  portFree(address: string, port: number, protocol: 'TCP' | 'UDP'): Promise<boolean>;
  /** The architectures an image is published for; undefined when that cannot be known. */
  imageArchitectures(image: string): Promise<string[] | undefined>;
  /** The local Docker's id of an image, undefined when it has none by that name. */
  localImage(image: string): Promise<string | undefined>;
}


export async function preflight(topology: Topology, probe: HostProbe, cwd: string): Promise<CheckResult[]> {
  const docker = await check('Docker', () => dockerCheck(probe));
  const info = docker.info;
  const kind = topology.cluster.provider === 'kind' ? [await check('kind', async () => ({ result: kindCheck(await probe.kind()) }))] : [];
  const clusterExists = topology.cluster.provider === 'kind' && (await probe.kindClusters().catch((): string[] => [])).includes(topology.cluster.name);
  const local = localImagesOf(topology);
  return [
    docker.result,
    ...(topology.cluster.provider === 'kind' ? [info ? cgroupCheck(info) : withoutDocker('cgroups', "the kind node's cgroup version is unknown")] : []),
    ...(local.length > 0
      ? [info ? await check('Local images', () => localImagesCheck(topology, probe, cwd)).then((c) => c.result) : withoutDocker('Local images', `whether it has ${local.map((i) => i.image).join(', ')} is unknown`)]
      : []),
    ...kind.map((k) => k.result),
    ...(info
      ? [resourcesCheck(topology, info), await architectureCheck(topology, info, probe)]
      : [withoutDocker('CPU and memory', 'its CPUs and memory are unknown'), withoutDocker('Image architecture', "the kind node's architecture is unknown")]),
    ...(topology.cluster.provider === 'kind' && !clusterExists ? [await portsCheck(topology.cluster.reserved, topology.cluster.listenAddress, probe)] : []),
    await inotifyCheck(probe),
    ...(topology.scylla.length > 0 ? [await aioCheck(topology, probe)] : []),
  ];
}

/** What only Docker can tell is said to be unknown, not left out: the README lists these checks. */
function withoutDocker(name: string, unknown: string): CheckResult {
  return { name, status: 'skip', detail: `Docker did not answer (see above), so ${unknown}` };
}

async function check<T>(name: string, fn: () => Promise<{ result: CheckResult; info?: T }>): Promise<{ result: CheckResult; info?: T }> {
  try {
    return await fn();
  } catch (error) {
    const e = error as Error & { hint?: string };
    return { result: { name, status: 'fail', detail: e.message, ...(e.hint ? { fix: e.hint } : {}) } };
  }
}

async function dockerCheck(probe: HostProbe): Promise<{ result: CheckResult; info: DockerInfo }> {
  const info = await probe.docker();
  return { result: { name: 'Docker', status: 'ok', detail: `Docker ${info.serverVersion}: ${info.cpus} CPUs, ${formatGiB(info.memoryBytes)}` }, info };
}

export function resourcesCheck(topology: Topology, info: DockerInfo): CheckResult {
  const budget = budgetOf(topology);
  const overhead = overheadOf(topology);
  const cpu = budget.requests.cpu + overhead.cpu;
  const memory = budget.requests.memory + overhead.memory;
  const need = `${formatCpu(cpu)} CPU and ${formatGiB(memory)}`;
  const have = `${info.cpus} CPUs and ${formatGiB(info.memoryBytes)}`;
  if (info.memoryBytes < memory || info.cpus < cpu) {
    return { name: 'CPU and memory', status: 'fail', detail: `the devnet reserves ${need} with ${topology.prerequisites.length > 0 ? 'kind and its operators' : 'kind'}; Docker has ${have}`, fix: 'give Docker more CPU/memory (Docker Desktop: Settings > Resources), or use fewer validators or smaller resources.requests' };
  }
  return { name: 'CPU and memory', status: 'ok', detail: `needs ${need}; Docker has ${have}` };
}

export async function portsCheck(reserved: HostExposure[], address: string, probe: HostProbe): Promise<CheckResult> {
  const taken: HostExposure[] = [];
  for (const exposure of reserved) if (!(await probe.portFree(address, exposure.hostPort, exposure.protocol))) taken.push(exposure);
  if (taken.length === 0) return { name: 'Host ports', status: 'ok', detail: `${reserved.length} ports free on ${address}` };
  const list = taken.map((e) => `${e.hostPort}/${e.protocol.toLowerCase()}`).join(', ');
  const first = taken[0]?.hostPort ?? 0;
  return { name: 'Host ports', status: 'fail', detail: `${list} on ${address} already in use`, fix: `find what holds them (ss -ltnup 'sport = :${first}') and stop it, or move the range (e.g. --set linera.exposure.hostPortBase=...)` };
}

/** Images only this machine can supply (devnet.local/…): Docker must have them before kind can get them. */
export async function localImagesCheck(topology: Topology, probe: HostProbe, cwd: string): Promise<{ result: CheckResult }> {
  const local = localImagesOf(topology);
  const missing = [];
  for (const image of local) if ((await probe.localImage(image.image)) === undefined) missing.push(image);
  if (missing.length === 0) return { result: { name: 'Local images', status: 'ok', detail: `${local.map((i) => i.image).join(', ')} present in Docker` } };
  const detail = `Docker lacks ${missing.map((m) => `${m.image} (for ${m.users.join(', ')})`).join(', ')}: built on this machine, never pulled`;
  return { result: { name: 'Local images', status: 'fail', detail, fix: missing.map((m) => remedy(m, cwd)).join('; ') } };
}

export async function inotifyCheck(probe: HostProbe): Promise<CheckResult> {
  const watches = await probe.sysctl('fs.inotify.max_user_watches');
  const instances = await probe.sysctl('fs.inotify.max_user_instances');
  if (watches === undefined || instances === undefined) return { name: 'inotify limits', status: 'skip', detail: 'not a Linux host (no /proc/sys); Docker Desktop manages them' };
  if (watches >= 524288 && instances >= 512) return { name: 'inotify limits', status: 'ok', detail: `max_user_watches ${watches}, max_user_instances ${instances}` };
  return {
    name: 'inotify limits',
    status: 'warn',
    detail: `max_user_watches ${watches}, max_user_instances ${instances}: kind nodes can fail with "too many open files"`,
    fix: 'sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512',
  };
}

export async function aioCheck(topology: Topology, probe: HostProbe): Promise<CheckResult> {
  const shards = budgetOf(topology).scyllaShards;
  const needed = shards * AIO_PER_SCYLLA_SHARD;
  const current = await probe.sysctl('fs.aio-max-nr');
  if (current === undefined) return { name: 'fs.aio-max-nr', status: 'skip', detail: 'not a Linux host (no /proc/sys); the ScyllaDB pods raise it inside the Docker VM' };
  if (current >= needed) return { name: 'fs.aio-max-nr', status: 'ok', detail: `${current}, enough for ${shards} ScyllaDB shard${shards === 1 ? '' : 's'} (~${needed})` };
  return {
    name: 'fs.aio-max-nr',
    status: 'warn',
    detail: `${current}, below the ~${needed} that ${shards} ScyllaDB shard${shards === 1 ? '' : 's'} need; ScyllaDB fails with "Could not setup Async I/O"`,
    fix: 'sudo sysctl -w fs.aio-max-nr=1048576 (the ScyllaDB pods also try to raise it themselves)',
  };
}

/** Every image the devnet's pods run, init containers included. */
export function imagesOf(topology: Topology): string[] {
  return [...new Set(topology.components.flatMap((c) => [c.image, ...c.initContainers.map((i) => i.image)]))];
}

/**
 * A pod whose image was built for another CPU than the kind node's dies with "exec format error".
 * The node is a container of the Docker daemon, so it has the daemon's architecture. Docker Desktop
 * emulates other architectures (slowly); elsewhere that needs qemu binfmt handlers, so it fails.
 */
export async function architectureCheck(topology: Topology, info: DockerInfo, probe: HostProbe): Promise<CheckResult> {
  const name = 'Image architecture';
  const foreign: string[] = [];
  const unknown: string[] = [];
  for (const image of imagesOf(topology)) {
    const archs = await probe.imageArchitectures(image).catch(() => undefined);
    if (archs === undefined) unknown.push(image);
    else if (!archs.includes(info.arch)) foreign.push(`${image} (${archs.join(', ')})`);
  }
  if (foreign.length > 0) {
    const emulated = /docker desktop/i.test(info.os);
    return {
      name,
      status: emulated ? 'warn' : 'fail',
      detail: `the kind node runs linux/${info.arch}, but ${foreign.join('; ')} ${foreign.length === 1 ? 'is' : 'are'} built for another architecture${emulated ? ': Docker Desktop will emulate it, slowly' : ': its pods would fail with "exec format error"'}`,
      fix: `use images built for linux/${info.arch} (linera.images.* in the profile; linera-client is published for amd64 and arm64), or build them on this machine and pass --load-image`,
    };
  }
  const checked = imagesOf(topology).length - unknown.length;
  // A local image Docker lacks is the Local images check's to report; no registry could answer for it.
  const unknownRemote = unknown.filter((image) => !isLocalImage(image));
  const uninspected = unknownRemote.length > 0 ? `could not inspect ${unknownRemote.join(', ')} (offline or private registry?)` : `Docker lacks ${unknown.join(', ')} (see Local images)`;
  if (checked === 0) return { name, status: 'skip', detail: uninspected };
  const note = unknownRemote.length > 0 ? `; ${uninspected}` : '';
  return { name, status: 'ok', detail: `${checked} image${checked === 1 ? '' : 's'} built for linux/${info.arch}${note}` };
}

export function realProbe(run: Parameters<typeof dockerInfo>[0]['run'], env: Record<string, string | undefined>, host: { sysctl: HostProbe['sysctl']; portFree: HostProbe['portFree'] }, signal?: AbortSignal): HostProbe {
  const options = { run, env, signal };
  return {
    docker: () => dockerInfo(options),
    kind: () => lookupKind(options),
    kindClusters: async () => kindClusters({ ...options, binary: await locateKind(options) }),
    sysctl: host.sysctl,
    portFree: host.portFree,
    imageArchitectures: (image) => imageArchitectures(image, options),
    localImage: (image) => localImageId(image, options),
  };
}
