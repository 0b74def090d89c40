/** The Docker daemon, through the process runner: is it there, how big is it, image identities. */
import { EnvironmentError, ExternalCommandError } from '../errors/index.js';
import type { Runner } from '../contracts/runner.js';

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
}

export async function dockerInfo(options: DockerOptions): Promise<DockerInfo> {
  try {
    const { stdout } = await options.run('docker', ['info', '--format', '{{json .}}'], { env: options.env, signal: options.signal, timeoutMs: 20_000 });
    const info = JSON.parse(stdout) as { ServerVersion?: string; NCPU?: number; MemTotal?: number; OperatingSystem?: string; ServerErrors?: string[] };
    if (info.ServerErrors?.length || info.ServerVersion === undefined) throw new Error(info.ServerErrors?.join('; ') ?? 'no server');
    return { serverVersion: info.ServerVersion, cpus: info.NCPU ?? 0, memoryBytes: info.MemTotal ?? 0, os: info.OperatingSystem ?? '' };
  } catch (error) {
    const details = error instanceof ExternalCommandError ? error.details : [(error as Error).message];
    throw new EnvironmentError('The Docker daemon is not reachable.', {
      hint: 'start Docker (Docker Desktop, or sudo systemctl start docker) and check that `docker info` works for your user',
      details,
    });
  }
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

export async function tagImage(source: string, target: string, options: DockerOptions): Promise<void> {
  await options.run('docker', ['tag', source, target], { env: options.env, signal: options.signal });
}
