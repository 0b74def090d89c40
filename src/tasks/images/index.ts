/** devnet images: every image the profile's `up` runs, whether it is pinned, its size, and where it is now. */
import { dockerInfo, type DockerOptions } from '../../cluster/docker.js';
import { kindClusters, kindNodes } from '../../cluster/kind.js';
import { isDevnetError } from '../../errors/index.js';
import { theme } from '../../output/theme.js';
import { isPinned } from '../../render/image-ref.js';
import type { Io } from '../../system/io.js';
import { run } from '../../system/process.js';
import { kindHere } from '../kind-tool.js';
import { loadProfile, type ProfileFlags } from '../load-profile.js';
import { targetOf, type ClusterFlags } from '../target.js';
import { formatBytes } from './format.js';
import { imageInventory } from './inventory.js';
import { cacheStores, dockerStore, locate, nodeStores, type LocatedImage } from './locate.js';

export interface ImagesFlags extends ProfileFlags, ClusterFlags {
  output: 'text' | 'json';
  manifestsDir?: string | undefined;
}

export async function runImages(flags: ImagesFlags, io: Io): Promise<LocatedImage[]> {
  const loaded = await loadProfile(flags, io.cwd);
  const docker: DockerOptions = { run, env: { ...io.env }, signal: io.signal };
  const inventory = await imageInventory(loaded.topology, { env: io.env, manifestsDir: flags.manifestsDir, download: true, signal: io.signal });
  const notes = [...inventory.gaps];
  const target = targetOf(loaded.topology.cluster, flags, io);
  let located: LocatedImage[];
  if (!(await dockerAnswers(docker))) {
    notes.push('Docker does not answer, so where each image is cannot be told');
    located = inventory.images.map((image) => ({ ...image, where: [] }));
  } else {
    const nodes = target.provider === 'kind' ? await clusterNodes(target.clusterName, io) : [];
    if (target.provider === 'kind' && nodes.length === 0) notes.push(`kind cluster ${target.clusterName} does not exist: nothing is in a node yet`);
    if (target.provider === 'existing') notes.push(`devnet cannot look into the nodes of ${target.context ?? 'an existing cluster'}; "node" is never shown for them`);
    const plan = loaded.topology.cluster.cache;
    const caches = target.provider === 'kind' && plan.enabled ? await cacheStores(plan, inventory.images.map((i) => i.ref.registry), docker) : new Map<string, Set<string>>();
    located = await locate(inventory.images, { nodes: await nodeStores(nodes, docker), caches, docker: dockerStore(docker) });
  }
  if (flags.output === 'json') {
    io.stdout.write(`${JSON.stringify({ devnet: loaded.profile.name, images: located.map(jsonImage), notes }, null, 2)}\n`);
    return located;
  }
  const t = theme(io.env, io.stdout);
  const rows = [['IMAGE', 'PINNED', 'SIZE', 'WHERE', 'USED BY'], ...located.map((i) => [i.ref.original, isPinned(i.ref) ? 'digest' : i.local ? 'local' : 'tag', formatBytes(i.bytes), i.where.length === 0 ? 'missing' : i.where.join(', '), i.users.join('; ')])];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  rows.forEach((row, i) => {
    const line = row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ');
    io.stdout.write(`${i === 0 ? t.dim(line) : located[i - 1]?.where.length === 0 ? t.warning(line) : line}\n`);
  });
  const missing = located.filter((i) => i.where.length === 0).length;
  io.stdout.write(t.dim(`\n${located.length} images, ${missing} missing${missing > 0 ? ` (up pulls them; devnet up --offline would refuse)` : ''}\n`));
  for (const note of notes) io.stderr.write(`${theme(io.env, io.stderr).hint('note')} ${note}\n`);
  return located;
}

function jsonImage(i: LocatedImage) {
  return {
    image: i.ref.original,
    registry: i.ref.registry,
    repository: i.ref.repository,
    tag: i.ref.tag ?? null,
    digest: i.ref.digest ?? null,
    pinned: isPinned(i.ref),
    role: i.role,
    local: i.local,
    usedBy: i.users,
    bytes: i.bytes ?? null,
    where: i.where,
  };
}

async function dockerAnswers(docker: DockerOptions): Promise<boolean> {
  try {
    await dockerInfo({ ...docker, signal: AbortSignal.any([...(docker.signal ? [docker.signal] : []), AbortSignal.timeout(5000)]) });
    return true;
  } catch {
    return false;
  }
}

/** The cluster's nodes; none when kind is not here or the cluster does not exist (nothing can be in a node then). */
async function clusterNodes(name: string, io: Io): Promise<string[]> {
  try {
    const kind = await kindHere(io, io.signal);
    return (await kindClusters(kind)).includes(name) ? await kindNodes(name, kind) : [];
  } catch (error) {
    if (isDevnetError(error)) return [];
    throw error;
  }
}
