/** The container runner every task uses for a network's tools: Docker, as the calling user. */
import { containerRunner } from '../cluster/docker.js';
import type { ContainerRunner } from '../contracts/runner.js';
import { run } from '../system/process.js';

export function dockerContainers(env: Readonly<Record<string, string | undefined>>, signal?: AbortSignal): ContainerRunner {
  const user = process.getuid === undefined || process.getgid === undefined ? undefined : `${process.getuid()}:${process.getgid()}`;
  return containerRunner({ run, env: { ...env }, signal, user });
}
