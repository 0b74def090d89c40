/** Reads the base kind config named by the profile and renders the cluster's config from it. */
import { join, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import type { ClusterPlan } from '../networks/topology.js';
import { KindConfigError, renderKindConfig, type KindConfig } from '../render/kind-config.js';
import { isFile, readText } from '../system/files.js';
import { clustersDir } from '../system/paths.js';

export async function loadKindConfig(cluster: ClusterPlan, cwd = process.cwd()): Promise<KindConfig> {
  const named = join(clustersDir(), `${cluster.base}.yaml`);
  const path = (await isFile(named)) ? named : resolve(cwd, cluster.base);
  if (!(await isFile(path))) {
    throw new UserError(`cluster.base is "${cluster.base}", which is neither a config in clusters/ nor a file.`, {
      hint: 'use "default" or the path of a kind Cluster config',
    });
  }
  try {
    return renderKindConfig(cluster, await readText(path), path);
  } catch (error) {
    if (error instanceof KindConfigError) throw new UserError(error.message, { hint: 'see https://kind.sigs.k8s.io/docs/user/configuration/' });
    throw error;
  }
}
