/** devnet down: removes the devnet's namespaces (and with --cluster the kind cluster), and waits. */
import { rm } from 'node:fs/promises';
import { inspectContainer, kindNetworkName, removeIdleKindNetwork, type DockerOptions } from '../cluster/docker.js';
import { CACHE_LABEL } from '../render/registry-cache.js';
import { deleteKindCluster, kindClusters } from '../cluster/kind.js';
import { run } from '../system/process.js';
import { Kube } from '../kube/client.js';
import type { Io } from '../system/io.js';
import { kindHere } from './kind-tool.js';
import { failedCreate } from './retained.js';
import { commandLines, type CommandLines } from '../output/command-line.js';
import { theme } from '../output/theme.js';
import { forgetCurrent, withCurrent } from './current.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { clusterStateDir, devnetStateDir, reachableTarget, targetOf, type ClusterFlags } from './target.js';
import { removeNamespaces } from './up/teardown.js';

export interface DownFlags extends ProfileFlags, ClusterFlags {
  cluster: boolean;
  timeoutSeconds: number;
  json: boolean;
}

export async function runDown(given: DownFlags, io: Io): Promise<void> {
  const { flags, note } = await withCurrent(given, io);
  const loaded = await loadProfile(flags, io.cwd, 'existing');
  const t = theme(io.env, io.stderr);
  if (note !== undefined) io.stderr.write(`${t.dim(`Using ${note}.`)}\n`);
  const signal = AbortSignal.any([io.signal, AbortSignal.timeout(flags.timeoutSeconds * 1000)]);
  const planned = targetOf(loaded.topology.cluster, flags, io);
  const kind = await kindHere(io, signal);
  const clusterExists = planned.provider === 'existing' || (await kindClusters(kind)).includes(planned.clusterName);
  // A node kept after a failed create never ran the devnet: only --cluster has something to remove.
  const failed = planned.provider === 'kind' && clusterExists ? await failedCreate(io, planned.clusterName) : undefined;
  const started = performance.now();
  let removed = 0;
  if (clusterExists && failed === undefined && !(flags.cluster && planned.provider === 'kind')) {
    const target = await reachableTarget(loaded.topology.cluster, flags, io);
    removed = await removeNamespaces(Kube.connect(target), loaded.profile.name, signal, (m) => io.stderr.write(`${t.dim(`  ${m}`)}\n`));
  }
  if (flags.cluster && planned.provider === 'kind' && clusterExists) {
    io.stderr.write(`${t.dim(`  deleting kind cluster ${planned.clusterName}`)}\n`);
    await deleteKindCluster(planned.clusterName, planned.kubeconfig, kind);
    await rm(clusterStateDir(io, planned.clusterName), { recursive: true, force: true });
    const network = await removeIdleKindNetwork({ run, env: { ...io.env }, signal });
    if (network.removed !== undefined) io.stderr.write(`${t.dim(`  removed Docker network ${network.removed}: no kind node uses it any more`)}\n`);
    else if (network.users.length > 0) io.stderr.write(`${t.dim(`  kept Docker network ${kindNetworkName(io.env)}: ${await keptBecause(network.users, { run, env: { ...io.env }, signal })}`)}\n`);
  }
  await rm(devnetStateDir(io, loaded.profile.name), { recursive: true, force: true });
  await forgetCurrent(io, loaded.profile.name);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const deleted = flags.cluster && clusterExists && planned.provider === 'kind' ? planned.clusterName : undefined;
  const summary = failed === undefined ? describe(loaded.profile.name, removed, deleted, clusterExists) : describeKept(planned.clusterName, deleted !== undefined, commandLines(flags));
  if (flags.json) io.stdout.write(`${JSON.stringify({ event: 'down', devnet: loaded.profile.name, namespaces: removed, clusterDeleted: flags.cluster && clusterExists, durationMs: seconds * 1000 })}\n`);
  else io.stdout.write(`${t.ok('✔')} ${summary} ${t.dim(`(${seconds}s)`)}\n`);
}

function describeKept(cluster: string, deleted: boolean, lines: CommandLines): string {
  if (deleted) return `Deleted the kind cluster ${cluster}, the node kept after its creation failed.`;
  return `Nothing of the devnet to remove: kind cluster ${cluster} is a node kept after its creation failed; ${lines.devnet('down --cluster')} removes it.`;
}

function describe(devnet: string, namespaces: number, cluster: string | undefined, clusterExists: boolean): string {
  if (cluster !== undefined) return `Deleted the kind cluster ${cluster} and devnet ${devnet} with it.`;
  if (!clusterExists) return `Nothing to remove: the cluster of devnet ${devnet} does not exist.`;
  if (namespaces === 0) return `Nothing to remove: devnet ${devnet} has no namespaces in the cluster.`;
  return `Removed devnet ${devnet}: ${namespaces} namespace${namespaces === 1 ? '' : 's'}.`;
}

/** The caches stay on kind's network for the next cluster (devnet cache prune removes them); other users are someone else's. */
async function keptBecause(users: readonly string[], docker: DockerOptions): Promise<string> {
  const caches: string[] = [];
  for (const user of users) if ((await inspectContainer(user, docker))?.labels[CACHE_LABEL] === 'true') caches.push(user);
  if (caches.length === users.length) return `the image cache${caches.length === 1 ? '' : 's'} ${caches.join(', ')} ${caches.length === 1 ? 'is' : 'are'} on it, kept for the next cluster (devnet cache prune --all removes ${caches.length === 1 ? 'it' : 'them'})`;
  return `${users.join(', ')} still ${users.length === 1 ? 'uses' : 'use'} it`;
}
