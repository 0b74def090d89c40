/** The Docker daemon, through the process runner: is it there, how big is it, image identities. */
import { randomBytes } from 'node:crypto';
import { EnvironmentError, ExternalCommandError, UserError } from '../errors/index.js';
import type { ContainerRun, ContainerRunner, RunResult, Runner } from '../contracts/runner.js';

export interface DockerOptions {
  run: Runner;
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
}

export interface DockerInfo {
  serverVersion: string;
  cpus: number;
  memoryBytes: number;
  os: string;
  /** The daemon's CPU architecture as Go names it (amd64, arm64), which is also the kind node's. */
  arch: string;
  /** The cgroup version of the Docker host, which every kind node shares. */
  cgroupVersion: 1 | 2;
  /** Rootless Docker, for which kind requires cgroup v2. */
  rootless: boolean;
}

export async function dockerInfo(options: DockerOptions): Promise<DockerInfo> {
  try {
    const { stdout } = await options.run('docker', ['info', '--format', '{{json .}}'], { env: options.env, signal: options.signal, timeoutMs: 20_000 });
    const info = JSON.parse(stdout) as DaemonInfo;
    if (info.ServerErrors?.length || info.ServerVersion === undefined) throw new Error(info.ServerErrors?.join('; ') ?? 'no server');
    return {
      serverVersion: info.ServerVersion,
      cpus: info.NCPU ?? 0,
      memoryBytes: info.MemTotal ?? 0,
      os: info.OperatingSystem ?? '',
      arch: goArch(info.Architecture ?? ''),
      cgroupVersion: info.CgroupVersion === '2' ? 2 : 1,
      rootless: (info.SecurityOptions ?? []).some((option) => option.split(',').includes('name=rootless')),
    };
  } catch (error) {
    const details = error instanceof ExternalCommandError ? error.details : [(error as Error).message];
    throw new EnvironmentError('The Docker daemon is not reachable.', {
      hint: 'start Docker (Docker Desktop, or sudo systemctl start docker) and check that `docker info` works for your user',
      details,
    });
  }
}

/**
 * The fields of `docker info --format '{{json .}}'` devnet reads, read the way kind reads them
 * (sigs.k8s.io/kind v0.33.0 pkg/cluster/internal/providers/docker/provider.go:279-320): cgroup v2
 * only when CgroupVersion is "2" (a daemon older than Docker 20.10, which added cgroup v2 and the
 * field, runs on v1), rootless when a SecurityOptions entry has "name=rootless".
 */
interface DaemonInfo {
  ServerVersion?: string;
  NCPU?: number;
  MemTotal?: number;
  OperatingSystem?: string;
  Architecture?: string;
  ServerErrors?: string[];
  CgroupVersion?: string;
  SecurityOptions?: string[];
}

/** The image's content id (sha256:…), so a loaded image gets a tag derived from what it contains. */
export async function imageId(image: string, options: DockerOptions): Promise<string> {
  try {
    const { stdout } = await options.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { env: options.env, signal: options.signal });
    return stdout.trim();
  } catch (error) {
    if (error instanceof ExternalCommandError) {
      throw new EnvironmentError(`There is no local image ${image}.`, { hint: `build or pull it first (docker pull ${image}), then pass --load-image again` });
    }
    throw error;
  }
}

/**
 * The id of an image in the local Docker, or undefined when Docker has no such image: the daemon
 * answers "No such image: <ref>" (moby v28.3.0 daemon/images/image.go:29-35, `ErrImageDoesNotExist`),
 * which the CLI prints after its own prefix (docker 28.2.2 against dockerd 20.10.24: "Error response
 * from daemon: no such image: …: No such image: …", exit 1). Any other failure (the daemon not
 * answering) says nothing about the image and is thrown.
 */
export async function localImageId(image: string, options: DockerOptions): Promise<string | undefined> {
  const result = await options.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { ...runOptions(options), allowFailure: true });
  if (result.exitCode === 0) return result.stdout.trim();
  if (/no such image/i.test(result.stderr)) return undefined;
  throw new EnvironmentError(`Docker could not say whether it has the image ${image}.`, {
    hint: 'start Docker (Docker Desktop, or sudo systemctl start docker) and check that `docker info` works for your user',
    details: result.stderr.trim().split('\n').filter((line) => line !== '').slice(-5),
  });
}

export async function tagImage(source: string, target: string, options: DockerOptions): Promise<void> {
  await options.run('docker', ['tag', source, target], { env: options.env, signal: options.signal });
}

/** The Docker network kind puts its nodes on: `kind`, or KIND_EXPERIMENTAL_DOCKER_NETWORK (kind v0.33.0 pkg/cluster/internal/providers/docker/provider.go:72). */
export function kindNetworkName(env: DockerOptions['env']): string {
  return env.KIND_EXPERIMENTAL_DOCKER_NETWORK || 'kind';
}

/**
 * Removes kind's Docker network once no container uses it: kind makes it on the first `kind create`
 * and never removes it (sigs.k8s.io/kind v0.33.0 pkg/cluster/internal/providers/docker/network.go:50
 * ensureNetwork; `kind delete` only deletes nodes). Returns the network's name when it was removed,
 * else the containers still on it.
 */
export async function removeIdleKindNetwork(options: DockerOptions): Promise<{ removed?: string; users: string[] }> {
  const name = kindNetworkName(options.env);
  const inspect = await options.run('docker', ['network', 'inspect', name, '--format', '{{range .Containers}}{{.Name}} {{end}}'], { ...runOptions(options), allowFailure: true });
  if (inspect.exitCode !== 0) return { users: [] };
  const users = inspect.stdout.trim().split(/\s+/).filter(Boolean);
  if (users.length > 0) return { users };
  const removed = await options.run('docker', ['network', 'rm', name], { ...runOptions(options), allowFailure: true });
  return removed.exitCode === 0 ? { removed: name, users } : { users };
}

/** `docker info` reports the kernel's name for the CPU (x86_64, aarch64); images use Go's (amd64, arm64). */
export function goArch(machine: string): string {
  const names: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i686: '386', i386: '386' };
  return names[machine] ?? machine;
}

/**
 * The architectures an image is published for: from the local copy when there is one, otherwise
 * from the registry's manifest (a list names every platform; a single manifest, its config's).
 * Undefined when neither answers (offline, private registry): the caller decides what that means.
 */
export async function imageArchitectures(image: string, options: DockerOptions): Promise<string[] | undefined> {
  const local = await options.run('docker', ['image', 'inspect', '--format', '{{.Architecture}}', image], { ...runOptions(options), allowFailure: true });
  if (local.exitCode === 0 && local.stdout.trim() !== '') return [local.stdout.trim()];
  const remote = await options.run('docker', ['manifest', 'inspect', '--verbose', image], { ...runOptions(options), allowFailure: true, timeoutMs: 60_000 });
  if (remote.exitCode !== 0) return undefined;
  const parsed = JSON.parse(remote.stdout) as ManifestEntry | ManifestEntry[];
  const archs = (Array.isArray(parsed) ? parsed : [parsed]).map((m) => m.Descriptor?.platform?.architecture).filter((a): a is string => a !== undefined && a !== 'unknown');
  return archs.length > 0 ? [...new Set(archs)] : undefined;
}

interface ManifestEntry {
  Descriptor?: { platform?: { architecture?: string } };
}

export const runOptions = (options: DockerOptions) => ({ env: options.env, signal: options.signal, timeoutMs: 20_000 });

/**
 * Runs a program in an image the way devnet runs every network tool: removed afterwards, no TTY,
 * input on stdin, no network unless asked, and host directories at their own path, written as the
 * calling user so the files stay theirs.
 */
export function containerRunner(options: DockerOptions & { user?: string | undefined }): ContainerRunner {
  return async (spec: ContainerRun): Promise<RunResult> => {
    // Killing `docker run` at its deadline leaves its container running: a Linera client left so keeps
    // its wallet storage locked for the next call. A call with a deadline of its own is named, and
    // removed by name when it fails.
    const name = spec.timeoutMs === undefined ? undefined : `devnet-run-${randomBytes(6).toString('hex')}`;
    const args = containerArgs(spec, options.user, name);
    try {
      return await options.run('docker', args, {
        env: options.env,
        signal: spec.signal ?? options.signal,
        timeoutMs: spec.timeoutMs ?? 15 * 60_000,
        ...(spec.input === undefined ? {} : { input: spec.input }),
        ...(spec.allowFailure === undefined ? {} : { allowFailure: spec.allowFailure }),
      });
    } catch (error) {
      if (name !== undefined) await options.run('docker', ['rm', '--force', name], { env: options.env, timeoutMs: 30_000, allowFailure: true }).catch(() => undefined);
      throw error;
    }
  };
}

export function containerArgs(spec: ContainerRun, user?: string, name?: string): string[] {
  const mounts = (spec.mounts ?? []).flatMap((dir) => ['--volume', `${dir}:${dir}`]);
  const as = user !== undefined && (spec.mounts ?? []).length > 0 ? ['--user', user] : [];
  const program = spec.command === undefined ? ['--entrypoint', '/bin/sh', spec.image, '-s'] : [spec.image, ...spec.command];
  return ['run', '--rm', '-i', ...(name === undefined ? [] : ['--name', name]), '--network', spec.network, ...mounts, ...as, ...program];
}

export interface ContainerSpec {
  name: string;
  image: string;
  network: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  /** Container ports published on 127.0.0.1 at a port Docker picks. */
  publish: number[];
  /** Named volume → path in the container. */
  volumes: Record<string, string>;
}

/** Starts a long-running container that Docker restarts with the daemon (until it is stopped on purpose). */
export async function runDetached(spec: ContainerSpec, options: DockerOptions): Promise<void> {
  const args = [
    'run', '-d', '--name', spec.name, '--restart', 'unless-stopped', '--network', spec.network,
    ...Object.entries(spec.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...Object.entries(spec.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...spec.publish.flatMap((port) => ['--publish', `127.0.0.1::${port}`]),
    ...Object.entries(spec.volumes).flatMap(([volume, path]) => ['--volume', `${volume}:${path}`]),
    spec.image,
  ];
  const result = await options.run('docker', args, { ...runOptions(options), allowFailure: true, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw dockerFailed(`Docker could not start ${spec.name} from ${spec.image}.`, result.stderr);
}

export interface ContainerState {
  name: string;
  running: boolean;
  status: string;
  image: string;
  labels: Record<string, string>;
  networks: string[];
  /** "5000/tcp" → the host address it is published on, e.g. 127.0.0.1:49153. */
  ports: Record<string, string>;
  startedAt: string;
  mounts: { source: string; destination: string; name?: string }[];
}

/** `docker container inspect`; undefined when there is no such container. */
export async function inspectContainer(name: string, options: DockerOptions): Promise<ContainerState | undefined> {
  const result = await options.run('docker', ['container', 'inspect', '--format', '{{json .}}', name], { ...runOptions(options), allowFailure: true });
  if (result.exitCode !== 0) {
    if (/no such (container|object)/i.test(result.stderr)) return undefined;
    throw dockerFailed(`Docker could not say whether the container ${name} exists.`, result.stderr);
  }
  const c = JSON.parse(result.stdout) as InspectedContainer;
  const ports: Record<string, string> = {};
  for (const [port, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const first = bindings?.[0];
    if (first !== undefined) ports[port] = `${first.HostIp || '127.0.0.1'}:${first.HostPort}`;
  }
  return {
    name,
    running: c.State?.Running === true,
    status: c.State?.Status ?? 'unknown',
    image: c.Config?.Image ?? '',
    labels: c.Config?.Labels ?? {},
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    ports,
    startedAt: c.State?.StartedAt ?? '',
    mounts: (c.Mounts ?? []).map((m) => ({ source: m.Source ?? '', destination: m.Destination ?? '', ...(m.Name === undefined ? {} : { name: m.Name }) })),
  };
}

interface InspectedContainer {
  State?: { Running?: boolean; Status?: string; StartedAt?: string };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  NetworkSettings?: { Networks?: Record<string, unknown>; Ports?: Record<string, { HostIp?: string; HostPort: string }[] | null> };
  Mounts?: { Source?: string; Destination?: string; Name?: string }[];
}

export async function startContainer(name: string, options: DockerOptions): Promise<void> {
  const result = await options.run('docker', ['start', name], { ...runOptions(options), allowFailure: true, timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw dockerFailed(`Docker could not start ${name}.`, result.stderr);
}

export async function connectNetwork(network: string, container: string, options: DockerOptions): Promise<void> {
  const result = await options.run('docker', ['network', 'connect', network, container], { ...runOptions(options), allowFailure: true });
  if (result.exitCode !== 0 && !/already exists|already attached/i.test(result.stderr)) throw dockerFailed(`Docker could not attach ${container} to the network ${network}.`, result.stderr);
}

/** Removes a container and, when named, its volumes; what is already gone is not an error. */
export async function removeContainer(name: string, volumes: readonly string[], options: DockerOptions): Promise<void> {
  await options.run('docker', ['rm', '-f', name], { ...runOptions(options), allowFailure: true, timeoutMs: 60_000 });
  for (const volume of volumes) await options.run('docker', ['volume', 'rm', '-f', volume], { ...runOptions(options), allowFailure: true });
}

export async function containersLabelled(label: string, options: DockerOptions): Promise<string[]> {
  const { stdout } = await options.run('docker', ['ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}'], runOptions(options));
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean).sort();
}

/** Every volume's size on disk, in bytes, as `docker system df -v` reports it. */
export async function volumeSizes(options: DockerOptions): Promise<Map<string, number>> {
  const { stdout } = await options.run('docker', ['system', 'df', '-v', '--format', '{{json .Volumes}}'], { ...runOptions(options), timeoutMs: 60_000 });
  const volumes = JSON.parse(stdout.trim() || '[]') as { Name: string; Size: string }[] | null;
  return new Map((volumes ?? []).map((v) => [v.Name, humanBytes(v.Size)]));
}

/** Docker's sizes, as go-units HumanSize writes them (decimal: kB, MB, GB). NaN when it says N/A. */
export function humanBytes(text: string): number {
  const match = /^([\d.]+)\s*([kMGTP]?B)$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const power = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'].indexOf(match[2] ?? 'B');
  return Math.round(Number(match[1]) * 1000 ** power);
}

/** A program inside a running container (crictl in a kind node, ls in a cache). */
export async function execIn(container: string, args: readonly string[], options: DockerOptions & { timeoutMs?: number }): Promise<RunResult> {
  return options.run('docker', ['exec', container, ...args], { env: options.env, signal: options.signal, timeoutMs: options.timeoutMs ?? 60_000, allowFailure: true });
}

/** Pushes a local image to the registry its name says; the registry's refusal is returned, not thrown. */
export async function pushImage(image: string, options: DockerOptions): Promise<{ ok: boolean; reason: string }> {
  const result = await options.run('docker', ['push', image], { env: options.env, signal: options.signal, timeoutMs: 30 * 60_000, allowFailure: true });
  return { ok: result.exitCode === 0, reason: result.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.exitCode}` };
}

export async function pullImage(image: string, options: DockerOptions): Promise<{ ok: boolean; reason: string }> {
  const result = await options.run('docker', ['pull', '--quiet', image], { env: options.env, signal: options.signal, timeoutMs: 30 * 60_000, allowFailure: true });
  return { ok: result.exitCode === 0, reason: result.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.exitCode}` };
}

export async function removeImageTag(image: string, options: DockerOptions): Promise<void> {
  await options.run('docker', ['image', 'rm', image], { ...runOptions(options), allowFailure: true });
}

/** `docker save -o FILE IMAGE…`: one archive, each layer once, every image under its own name. */
export async function saveImages(images: readonly string[], file: string, options: DockerOptions): Promise<void> {
  await options.run('docker', ['save', '-o', file, ...images], { env: options.env, signal: options.signal, timeoutMs: 60 * 60_000 });
}

/** `docker load -i FILE`; returns the names it loaded ("Loaded image: NAME", moby image/tarexport/load.go). */
export async function loadImageArchive(file: string, options: DockerOptions): Promise<string[]> {
  const result = await options.run('docker', ['load', '-i', file], { env: options.env, signal: options.signal, timeoutMs: 60 * 60_000, allowFailure: true });
  if (result.exitCode !== 0) {
    // dockerd 20.10.24 (docker 28.2.2), on this machine: a file cut short ends in "unexpected EOF", a file
    // that is no tar in "archive/tar: invalid tar header", a tar of something else in ".../repositories:
    // no such file or directory" (an archive docker save writes always has it).
    if (/Error processing tar file|invalid tar header|unexpected EOF|\/repositories: no such file/.test(result.stderr)) {
      throw new UserError(`${file} is not an image archive Docker can load.`, {
        details: result.stderr.trim().split('\n').filter((line) => line !== '').slice(-3),
        hint: 'give the .tar that devnet images save wrote, copied whole (compare its size with the original)',
      });
    }
    throw dockerFailed(`Docker could not load ${file}.`, result.stderr);
  }
  return [...result.stdout.matchAll(/^Loaded image: (\S+)$/gm)].map((m) => m[1] ?? '').filter(Boolean);
}

/** The size of a local image in bytes, or undefined when Docker does not have it. */
export async function localImageSize(image: string, options: DockerOptions): Promise<number | undefined> {
  const result = await options.run('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { ...runOptions(options), allowFailure: true });
  if (result.exitCode === 0) return Number(result.stdout.trim());
  if (/no such image/i.test(result.stderr)) return undefined;
  throw dockerFailed(`Docker could not say whether it has the image ${image}.`, result.stderr);
}

export function dockerFailed(message: string, stderr: string): EnvironmentError {
  return new EnvironmentError(message, {
    details: stderr.trim().split('\n').filter((line) => line !== '').slice(-5),
    hint: 'check that Docker runs (docker info) and read its message above',
  });
}
