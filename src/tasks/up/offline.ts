/**
 * `up --offline`, before the cluster is created or touched: every image must already be somewhere
 * on this machine (the kind node, a registry cache, Docker) and every prerequisite manifest at hand;
 * otherwise `up` refuses at once, naming each missing piece, instead of waiting on pulls that
 * cannot succeed.
 */
import type { DockerOptions } from '../../cluster/docker.js';
import { kindClusters, kindNodes } from '../../cluster/kind.js';
import { EnvironmentError } from '../../errors/index.js';
import { run } from '../../system/process.js';
import type { InventoryImage } from '../images/inventory.js';
import { cacheStores, dockerStore, locate, nodeStores } from '../images/locate.js';
import type { UpContext } from './context.js';

export async function checkOffline(ctx: UpContext): Promise<string> {
  const docker: DockerOptions = { run, env: { ...ctx.io.env }, signal: ctx.signal };
  const inventory = await ctx.imageInventory();
  const kind = ctx.requireKind();
  const exists = (await kindClusters(kind)).includes(ctx.target.clusterName);
  const nodes = exists ? await kindNodes(ctx.target.clusterName, kind) : [];
  const registries = inventory.images.map((i) => i.ref.registry);
  const located = await locate(inventory.images, {
    nodes: await nodeStores(nodes, docker),
    caches: ctx.loaded.topology.cluster.cache.enabled ? await cacheStores(ctx.loaded.topology.cluster.cache, registries, docker) : new Map(),
    docker: dockerStore(docker),
  });
  // An existing cluster is not created again (unless --recreate), so kind does not need its node image.
  const missing = located.filter((image) => !available(image, image.where, exists && !ctx.flags.recreate));
  const lines = [...inventory.gaps, ...missing.map((m) => `${m.ref.original} (${m.users.join(', ')}): ${needs(m)}`)];
  if (lines.length > 0) {
    const devnet = ctx.loaded.profile.name;
    throw new EnvironmentError(`--offline: ${lines.length} thing${lines.length === 1 ? '' : 's'} this devnet needs ${lines.length === 1 ? 'is' : 'are'} not on this machine; nothing was created or changed.`, {
      details: lines,
      hint: `on a machine with a network run devnet images save -p ${devnet} -o ${devnet}-images.tar, bring the file here and run devnet images load ${devnet}-images.tar; then devnet up --offline again`,
    });
  }
  return `all ${located.length} images are on this machine`;
}

/** The node image and the tools Docker runs must be in Docker; the rest anywhere the node can get them. */
function available(image: InventoryImage, where: readonly string[], clusterKept: boolean): boolean {
  if (image.role === 'node') return clusterKept || where.includes('docker');
  if (image.role === 'tool' || image.local) return where.includes('docker');
  if (image.host === true && !where.includes('docker')) return false;
  return where.length > 0;
}

function needs(image: InventoryImage): string {
  if (image.role === 'node') return 'kind creates the node from it: Docker must have it';
  if (image.host === true || image.role === 'tool') return 'Docker runs it on this machine: Docker must have it';
  return 'not in the kind node, a registry cache or Docker';
}
