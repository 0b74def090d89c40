/** The Docker daemon, through the process runner: is it there, how big is it, image identities. */
import { randomBytes } from 'node:crypto';
import { EnvironmentError, ExternalCommandError } from '../errors/index.js';
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

/**
 * Removes the Docker network kind puts its nodes on once no container uses it: kind makes it on the
 * first `kind create` and never removes it (sigs.k8s.io/kind v0.33.0 pkg/cluster/internal/providers/
 * docker/network.go:50 ensureNetwork; `kind delete` only deletes nodes). Its name is `kind`, or
 * KIND_EXPERIMENTAL_DOCKER_NETWORK (provider.go:72). Returns the network's name when it was removed.
 */
export async function removeIdleKindNetwork(options: DockerOptions): Promise<string | undefined> {
  const name = options.env.KIND_EXPERIMENTAL_DOCKER_NETWORK || 'kind';
  const inspect = await options.run('docker', ['network', 'inspect', name, '--format', '{{len .Containers}}'], { ...runOptions(options), allowFailure: true });
  if (inspect.exitCode !== 0 || inspect.stdout.trim() !== '0') return undefined;
  const removed = await options.run('docker', ['network', 'rm', name], { ...runOptions(options), allowFailure: true });
  return removed.exitCode === 0 ? name : undefined;
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

const runOptions = (options: DockerOptions) => ({ env: options.env, signal: options.signal, timeoutMs: 20_000 });

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
