/**
 * The cluster step of `up`: create the kind cluster, or reuse it when its config is the one the
 * profile renders. The config's hash is stored in the cluster (kube-public/devnet-cluster), so a
 * change kind cannot apply in place (ports, nodes, image) is caught, shown as a diff, and only
 * acted on with --recreate.
 */
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { UserError } from '../../errors/index.js';
import { createKindCluster, deleteKindCluster, exportKindContext, kindClusters, type KindOptions } from '../../cluster/kind.js';
import { Kube, type LiveObject } from '../../kube/client.js';
import type { CommandLines } from '../../output/command-line.js';
import type { KindConfig } from '../../render/kind-config.js';
import { ensurePrivateDir, isFile } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { run } from '../../system/process.js';
import { clusterStateDir, saveKindKubeconfig, type Target } from '../target.js';

const RECORD = { namespace: 'kube-public', name: 'devnet-cluster' };

export interface ClusterStepOptions {
  recreate: boolean;
  useContext: boolean;
  /** Follow-up commands for the hint, with the flags this run was given. */
  lines: CommandLines;
}

export function configHash(config: KindConfig): string {
  return createHash('sha256').update(stringify(config)).digest('hex').slice(0, 16);
}

export async function ensureKindCluster(target: Target, config: KindConfig, options: ClusterStepOptions, io: Io, note: (m: string) => void): Promise<string> {
  const kind: KindOptions = { run, env: { ...io.env }, signal: io.signal };
  await ensurePrivateDir(clusterStateDir(io, target.clusterName));
  const exists = (await kindClusters(kind)).includes(target.clusterName);
  let outcome = `reused kind cluster ${target.clusterName}`;
  if (exists) {
    if (!(await answers(target, io.signal))) await saveKindKubeconfig(target, io);
    const stored = await storedConfig(target, io.signal);
    if (stored === undefined) {
      note(`kind cluster ${target.clusterName} was not created by devnet; using it as it is`);
    } else if (stored.hash !== configHash(config)) {
      if (!options.recreate) throw changedConfig(target.clusterName, stored.config, stringify(config), options.lines);
      note(`deleting kind cluster ${target.clusterName} to recreate it with the new config`);
      await deleteKindCluster(target.clusterName, target.kubeconfig, kind);
      outcome = await create(target, config, kind, note, 'recreated');
    }
  } else {
    outcome = await create(target, config, kind, note, 'created');
  }
  if (options.useContext) {
    await exportKindContext(target.clusterName, kind);
    note(`kubectl now uses context ${target.context ?? ''}`);
  }
  return outcome;
}

async function create(target: Target, config: KindConfig, kind: KindOptions, note: (m: string) => void, verb: string): Promise<string> {
  note(`creating kind cluster ${target.clusterName} (${config.nodes.length} node${config.nodes.length > 1 ? 's' : ''}, ${config.nodes[0]?.image?.split('@')[0] ?? 'default image'})`);
  await createKindCluster(target.clusterName, config, target.kubeconfig, kind);
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
