/**
 * What render and explain can say about this machine's Docker host, when Docker answers. They work
 * without Docker: then they show the kind config as the profile makes it, and say nothing of the host.
 */
import { dockerInfo } from '../cluster/docker.js';
import type { ClusterPlan } from '../networks/topology.js';
import { adaptToHost, type HostAdapted, type KindHost } from '../render/kind-config.js';
import type { Io } from '../system/io.js';
import { run } from '../system/process.js';
import { loadKindConfig } from './kind-config.js';

/** A short wait: a Docker Desktop still starting should not hold up a command that only displays. */
const ASK_DOCKER_MS = 5000;

export async function dockerHost(io: Pick<Io, 'env' | 'signal'>): Promise<KindHost> {
  try {
    const info = await dockerInfo({ run, env: { ...io.env }, signal: AbortSignal.any([io.signal, AbortSignal.timeout(ASK_DOCKER_MS)]) });
    return { cgroupVersion: info.cgroupVersion };
  } catch {
    return {};
  }
}

/** The kind config exactly as up would give it to kind on this host. */
export async function kindConfigHere(cluster: ClusterPlan, io: Pick<Io, 'env' | 'signal' | 'cwd'>): Promise<HostAdapted> {
  return adaptToHost(await loadKindConfig(cluster, io.cwd), await dockerHost(io));
}
