/**
 * Preflight (also `devnet doctor`): what this machine must offer before devnet creates anything,
 * each failure with the exact fix. Checks are small functions over an injected host probe, so
 * each can be tested on its own.
 */
import { dockerInfo, imageArchitectures, type DockerInfo } from '../cluster/docker.js';
import { kindClusters, kindVersion } from '../cluster/kind.js';
import { formatCpu, formatGiB } from '../config/quantity.js';
import { AIO_PER_SCYLLA_SHARD, budgetOf } from '../networks/budget.js';
import type { HostExposure, Topology } from '../networks/topology.js';

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
  kindVersion(): Promise<string>;
  kindClusters(): Promise<string[]>;
  sysctl(name: string): Promise<number | undefined>;
  portFree(address: string, port: number, protocol: 'TCP' | 'UDP'): Promise<boolean>;
  /** The architectures an image is published for; undefined when that cannot be known. */
  imageArchitectures(image: string): Promise<string[] | undefined>;
}

const MIN_KIND = [0, 27, 0];
const OVERHEAD = { cpu: 1, memory: 1.5 * 2 ** 30 };

export async function preflight(topology: Topology, probe: HostProbe): Promise<CheckResult[]> {
  const docker = await check('Docker', () => dockerCheck(probe));
  const info = docker.info;
  const kind = topology.cluster.provider === 'kind' ? [await check('kind', () => kindCheck(probe))] : [];
  const clusterExists = topology.cluster.provider === 'kind' && (await probe.kindClusters().catch((): string[] => [])).includes(topology.cluster.name);
  return [
    docker.result,
    ...kind.map((k) => k.result),
    ...(info ? [resourcesCheck(topology, info), await architectureCheck(topology, info, probe)] : withoutDocker()),
    ...(topology.cluster.provider === 'kind' && !clusterExists ? [await portsCheck(topology.cluster.reserved, topology.cluster.listenAddress, probe)] : []),
    await inotifyCheck(probe),
    ...(topology.scylla.length > 0 ? [await aioCheck(topology, probe)] : []),
  ];
}

/** What only Docker can tell is said to be unknown, not left out: the README lists these checks. */
function withoutDocker(): CheckResult[] {
  const why = 'Docker did not answer (see above)';
  return [
    { name: 'CPU and memory', status: 'skip', detail: `${why}, so its CPUs and memory are unknown` },
    { name: 'Image architecture', status: 'skip', detail: `${why}, so the kind node's architecture is unknown` },
  ];
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

const KIND_INSTALL = 'install kind >= 0.27: https://kind.sigs.k8s.io/docs/user/quick-start/#installation';

async function kindCheck(probe: HostProbe): Promise<{ result: CheckResult }> {
  let version: string;
  try {
    version = await probe.kindVersion();
  } catch (error) {
    return { result: { name: 'kind', status: 'fail', detail: (error as Error).message, fix: KIND_INSTALL } };
  }
  const parts = version.split('.').map(Number);
  if (compare(parts, MIN_KIND) < 0) return { result: { name: 'kind', status: 'fail', detail: `kind ${version} is older than ${MIN_KIND.join('.')}`, fix: KIND_INSTALL } };
  return { result: { name: 'kind', status: 'ok', detail: `kind ${version}` } };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

export function resourcesCheck(topology: Topology, info: DockerInfo): CheckResult {
  const budget = budgetOf(topology);
  const cpu = budget.requests.cpu + OVERHEAD.cpu;
  const memory = budget.requests.memory + OVERHEAD.memory;
  const need = `${formatCpu(cpu)} CPU and ${formatGiB(memory)}`;
  const have = `${info.cpus} CPUs and ${formatGiB(info.memoryBytes)}`;
  if (info.memoryBytes < memory || info.cpus < cpu) {
    return { name: 'CPU and memory', status: 'fail', detail: `the devnet reserves ${need} with kind and its operators; Docker has ${have}`, fix: 'give Docker more CPU/memory (Docker Desktop: Settings > Resources), or use fewer validators or smaller resources.requests' };
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
  if (checked === 0) return { name, status: 'skip', detail: `could not inspect ${unknown.join(', ')} (offline or private registry?)` };
  const note = unknown.length > 0 ? `; could not inspect ${unknown.join(', ')} (offline or private registry?)` : '';
  return { name, status: 'ok', detail: `${checked} image${checked === 1 ? '' : 's'} built for linux/${info.arch}${note}` };
}

export function realProbe(run: Parameters<typeof dockerInfo>[0]['run'], env: Record<string, string | undefined>, host: { sysctl: HostProbe['sysctl']; portFree: HostProbe['portFree'] }, signal?: AbortSignal): HostProbe {
  const options = { run, env, signal };
  return {
    docker: () => dockerInfo(options),
    kindVersion: async () => (await kindVersion(options)).version,
    kindClusters: () => kindClusters(options),
    sysctl: host.sysctl,
    portFree: host.portFree,
    imageArchitectures: (image) => imageArchitectures(image, options),
  };
}
