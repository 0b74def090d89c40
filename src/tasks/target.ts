/**
 * Which cluster a devnet lives in and how to reach it: the kind cluster's kubeconfig, kept in
 * devnet's own state directory, or a context of the user's kubeconfig for an existing cluster.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import { kindContext, kindKubeconfig } from '../cluster/kind.js';
import type { ClusterPlan } from '../networks/topology.js';
import { ensurePrivateDir, isFile, writeAtomic } from '../system/files.js';
import type { Io } from '../system/io.js';
import { stateDir } from '../system/paths.js';
import { kindHere } from './kind-tool.js';

export interface ClusterFlags {
  /** kubeconfig context, for an existing cluster (overrides the profile). */
  context?: string | undefined;
  kubeconfig?: string | undefined;
}

export interface Target {
  provider: 'kind' | 'existing';
  kubeconfig: string;
  context: string | undefined;
  /** kind cluster name, when the provider is kind. */
  clusterName: string;
}

export function clusterStateDir(io: Pick<Io, 'env'>, clusterName: string): string {
  return join(stateDir(io.env), 'clusters', clusterName);
}

export function devnetStateDir(io: Pick<Io, 'env'>, devnet: string): string {
  return join(stateDir(io.env), 'devnets', devnet);
}

/** --kubeconfig, else the first file of $KUBECONFIG, else ~/.kube/config; relative to the working directory, as kubectl reads them. */
export function userKubeconfig(io: Pick<Io, 'env' | 'cwd'>, flags: ClusterFlags): string {
  const given = flags.kubeconfig ?? (io.env.KUBECONFIG?.split(':')[0] || undefined);
  return given === undefined ? join(homedir(), '.kube', 'config') : resolve(io.cwd, given);
}

/** The target as planned, without touching the cluster; the kubeconfig may not exist yet. */
export function targetOf(cluster: ClusterPlan, flags: ClusterFlags, io: Pick<Io, 'env' | 'cwd'>): Target {
  if (flags.context !== undefined || cluster.provider === 'existing') {
    return { provider: 'existing', kubeconfig: userKubeconfig(io, flags), context: flags.context ?? cluster.context, clusterName: cluster.name };
  }
  return { provider: 'kind', kubeconfig: join(clusterStateDir(io, cluster.name), 'kubeconfig'), context: kindContext(cluster.name), clusterName: cluster.name };
}

/** Makes sure the kubeconfig exists: for kind, asks kind for it (the cluster must exist). */
export async function reachableTarget(cluster: ClusterPlan, flags: ClusterFlags, io: Io): Promise<Target> {
  const target = targetOf(cluster, flags, io);
  if (await isFile(target.kubeconfig)) return target;
  if (target.provider === 'existing') {
    throw new UserError(`There is no kubeconfig at ${target.kubeconfig}.`, { hint: 'pass --kubeconfig, or set KUBECONFIG' });
  }
  await saveKindKubeconfig(target, io);
  return target;
}

export async function saveKindKubeconfig(target: Target, io: Io): Promise<void> {
  const text = await kindKubeconfig(target.clusterName, await kindHere(io, io.signal));
  const dir = clusterStateDir(io, target.clusterName);
  await ensurePrivateDir(dir);
  await writeAtomic(target.kubeconfig, text, 0o600);
}
