/**
 * The cluster step of `up`: create the kind cluster, or reuse it when its config is the one the
 * profile renders. The config's hash is stored in the cluster (kube-public/devnet-cluster), so a
 * change kind cannot apply in place (ports, nodes, image) is caught, shown as a diff, and only
 * acted on with --recreate.
 */
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { EnvironmentError, UserError } from '../../errors/index.js';
import { dockerInfo } from '../../cluster/docker.js';
import { createKindCluster, deleteKindCluster, exportKindContext, kindClusters, KindCreateError, type KindOptions } from '../../cluster/kind.js';
import { Kube, type LiveObject } from '../../kube/client.js';
import type { CommandLines } from '../../output/command-line.js';
import { adaptToHost, type KindConfig } from '../../render/kind-config.js';
import { withRegistryHosts } from '../../render/registry-cache.js';
import { mkdir } from 'node:fs/promises';
import { ensurePrivateDir, isFile } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { failedCreate, forgetFailedCreate, rememberFailedCreate } from '../retained.js';
import { clusterStateDir, saveKindKubeconfig, type Target } from '../target.js';

const RECORD = { namespace: 'kube-public', name: 'devnet-cluster' };

export interface ClusterStepOptions {
  recreate: boolean;
  useContext: boolean;
  /** Follow-up commands for the hints, with the flags this run was given. */
  lines: CommandLines;
  /** The host directory of registry hosts mounted into a new cluster's nodes (src/tasks/cache/hosts.ts). */
  hostsDir: string;
}

/** Over the profile's config, never the host adaptations (adaptToHost) or the registry hosts (withRegistryHosts): see kind-config.ts. */
export function configHash(config: KindConfig): string {
  return createHash('sha256').update(stringify(config)).digest('hex').slice(0, 16);
}

/** What the cluster step did, in words, and whether the cluster is new (created by this run). */
export async function ensureKindCluster(target: Target, config: KindConfig, options: ClusterStepOptions, io: Io, kind: KindOptions, note: (m: string) => void): Promise<{ summary: string; created: boolean }> {
  await ensurePrivateDir(clusterStateDir(io, target.clusterName));
  const exists = (await kindClusters(kind)).includes(target.clusterName);
  const reused = `reused kind cluster ${target.clusterName}`;
  let outcome = reused;
  const failed = exists ? await failedCreate(io, target.clusterName) : undefined;
  if (failed !== undefined) {
    if (!options.recreate) throw keptAfterFailure(target.clusterName, failed, options.lines);
    note(`deleting kind cluster ${target.clusterName}, kept after its creation failed, to create it again`);
    await deleteKindCluster(target.clusterName, target.kubeconfig, kind);
    outcome = await create(target, config, kind, io, options, note, 'created');
  } else if (exists) {
    if (!(await answers(target, io.signal))) await saveKindKubeconfig(target, io);
    const stored = await storedConfig(target, io.signal);
    if (stored === undefined) {
      note(`kind cluster ${target.clusterName} was not created by devnet; using it as it is`);
    } else if (stored.hash !== configHash(config)) {
      if (!options.recreate) throw changedConfig(target.clusterName, stored.config, stringify(config), options.lines);
      note(`deleting kind cluster ${target.clusterName} to recreate it with the new config`);
      await deleteKindCluster(target.clusterName, target.kubeconfig, kind);
      outcome = await create(target, config, kind, io, options, note, 'recreated');
    }
  } else {
    outcome = await create(target, config, kind, io, options, note, 'created');
  }
  if (options.useContext) {
    await exportKindContext(target.clusterName, kind);
    note(`kubectl now uses context ${target.context ?? ''}`);
  }
  return { summary: outcome, created: outcome !== reused };
}

async function create(target: Target, config: KindConfig, kind: KindOptions, io: Io, options: ClusterStepOptions, note: (m: string) => void, verb: string): Promise<string> {
  const host = await dockerInfo(kind);
  const adapted = adaptToHost(config, { cgroupVersion: host.cgroupVersion });
  for (const adaptation of adapted.notes) note(adaptation);
  await mkdir(options.hostsDir, { recursive: true, mode: 0o755 });
  const given = withRegistryHosts(adapted.config, options.hostsDir);
  note(given.note);
  note(`creating kind cluster ${target.clusterName} (${config.nodes.length} node${config.nodes.length > 1 ? 's' : ''}, ${config.nodes[0]?.image?.split('@')[0] ?? 'default image'})`);
  try {
    await createKindCluster(target.clusterName, given.config, target.kubeconfig, kind);
  } catch (error) {
    if (!(error instanceof KindCreateError)) throw error;
    await rememberFailedCreate(io, target.clusterName, [error.message, ...error.details].join('\n'));
    throw createFailed(error, options.lines);
  }
  await forgetFailedCreate(io, target.clusterName);
  const kube = Kube.connect(target);
  await kube.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...RECORD, labels: { 'app.kubernetes.io/managed-by': 'devnet' } },
    data: { hash: configHash(config), 'config.yaml': stringify(config) },
  } as LiveObject);
  return `${verb} kind cluster ${target.clusterName}`;
}

/** Whether the kubeconfig devnet saved earlier still reaches the cluster (saves asking kind again). */
async function answers(target: Target, signal: AbortSignal): Promise<boolean> {
  if (!(await isFile(target.kubeconfig))) return false;
  try {
    await Kube.connect(target).transport.request('GET', '/version', { signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) });
    return true;
  } catch {
    return false;
  }
}

async function storedConfig(target: Target, signal: AbortSignal): Promise<{ hash: string; config: string } | undefined> {
  const record = await Kube.connect(target).get<LiveObject & { data?: Record<string, string> }>('v1', 'ConfigMap', RECORD.namespace, RECORD.name, signal);
  if (record?.data?.hash === undefined) return undefined;
  return { hash: record.data.hash, config: record.data['config.yaml'] ?? '' };
}

function changedConfig(name: string, before: string, after: string, lines: CommandLines): UserError {
  const diff = createTwoFilesPatch('kind cluster now', 'profile wants', before, after, '', '', { context: 2 })
    .split('\n')
    .slice(2)
    .filter((line) => !line.startsWith('==='));
  return new UserError(`The kind cluster ${name} has a config kind cannot change in place:`, {
    details: diff,
    hint: `run ${lines.up('--recreate')} to delete the cluster and create it again (everything in it is lost), or undo the change to the profile`,
  });
}

/** kind's error, kubeadm's phase and the kubelet's verdict; the node is kept, and the user told how to read it and remove it. */
function createFailed(error: KindCreateError, lines: CommandLines): EnvironmentError {
  const node = error.failure.node ?? `${error.cluster}-control-plane`;
  return new EnvironmentError(error.message, {
    details: [...error.details, `the node container ${node} is kept, so its logs can be read`],
    hint:
      `read the kubelet's log with docker exec ${node} journalctl -u kubelet.service --no-pager | tail -n 40, ` +
      `or collect every log of the node with ${lines.devnet('bundle')} (kind export logs --name ${error.cluster}); ` +
      `then remove the node with ${lines.devnet('down --cluster')}`,
  });
}

function keptAfterFailure(cluster: string, why: string, lines: CommandLines): EnvironmentError {
  return new EnvironmentError(`The kind cluster ${cluster} is what is left of a creation that failed; devnet cannot use it.`, {
    details: why.split('\n'),
    hint: `read its logs (${lines.devnet('bundle')}), then remove it with ${lines.devnet('down --cluster')}, or run ${lines.up('--recreate')} to delete it and try again`,
  });
}
