/**
 * The pre-pull step of `up` on kind: every image the devnet runs that a node lacks is pulled into it
 * before anything is applied, a few at a time, through the node's own containerd (`crictl pull`), so
 * its registry hosts send each pull to the cache. A reference no registry has, or an image built for
 * another platform, stops `up` here, naming the image; nothing of the devnet exists yet.
 */
import { dockerInfo, inspectContainer, localImageSize, type DockerOptions } from '../../cluster/docker.js';
import { kindNodes, loadImages } from '../../cluster/kind.js';
import { bytesInFlight, hasMount, nodeImagePlatform, nodeImages, pullInNode, type PullFailure } from '../../cluster/node-images.js';
import { parseImageRef } from '../../render/image-ref.js';
import { CONTAINERD_HOSTS_DIR } from '../../render/registry-cache.js';
import { run } from '../../system/process.js';
import { formatBytes } from '../images/format.js';
import { pulledImages, type InventoryImage } from '../images/inventory.js';
import { inNode } from '../images/locate.js';
import type { Progress } from '../steps.js';
import type { UpContext } from './context.js';
import { pullFailedError, type FailedPull } from './pull-errors.js';
import { runPool } from './pool.js';

interface Job {
  node: string;
  image: InventoryImage;
}

export async function prePull(ctx: UpContext, note: (m: string) => void, progress: Progress): Promise<string> {
  const started = performance.now();
  const docker: DockerOptions = { run, env: { ...ctx.io.env }, signal: ctx.signal };
  const nodes = await kindNodes(ctx.target.clusterName, ctx.requireKind());
  await warnWithoutHosts(ctx, nodes, docker, note);
  const wanted = [...pulledImages(await ctx.imageInventory()), ...ctx.pushed.map(pushedImage)];
  const jobs: Job[] = [];
  let present = 0;
  for (const [i, store] of (await Promise.all(nodes.map((n) => nodeImages(n, docker)))).entries()) {
    for (const image of wanted) {
      if (inNode(store, image.ref) !== undefined) present++;
      else jobs.push({ node: nodes[i] ?? '', image });
    }
  }
  if (jobs.length === 0) {
    ctx.pull = { pulled: 0, present, loaded: 0, bytes: 0, seconds: 0 };
    if (wanted.length === 0) return 'nothing to pull: every image was loaded from this machine';
    return `all ${wanted.length} image${wanted.length === 1 ? '' : 's'} already in the node`;
  }
  const fromDocker = ctx.flags.offline ? await inDocker(jobs, docker) : [];
  const toPull = jobs.filter((j) => !fromDocker.includes(j));
  let done = 0;
  let bytes = 0;
  const report = (message: string) => progress(message, { images: { done, total: toPull.length }, bytes });
  const failed: FailedPull[] = [];
  const ticker = setInterval(() => void inFlight(nodes, docker).then((flying) => report(`${done}/${toPull.length} images, ${formatBytes(bytes + flying)}`)), 3000);
  try {
    await runPool(toPull, ctx.loaded.topology.cluster.pullConcurrency, ctx.signal, async (job) => {
      const outcome = await pullInNode(job.node, job.image.ref.original, docker);
      if (!outcome.ok) failed.push({ ...job, failure: outcome.failure, reason: outcome.reason });
      else {
        done++;
        // Awaited first, added after: `bytes += await …` reads bytes before the wait, and concurrent
        // pulls then overwrite each other's sums.
        const size = (await nodeImages(job.node, docker).then((store) => inNode(store, job.image.ref)?.bytes)) ?? 0;
        bytes += size;
        report(`${done}/${toPull.length} images, ${formatBytes(bytes)}: ${job.image.ref.original}`);
      }
    });
  } finally {
    clearInterval(ticker);
  }
  const rescued = failed.filter((f) => f.failure !== 'platform');
  const loaded = [...fromDocker, ...(await inDocker(rescued, docker))];
  const stuck = failed.filter((f) => !loaded.some((l) => l.node === f.node && l.image === f.image));
  if (stuck.length > 0) throw pullFailedError(stuck, ctx.loaded.profile.name);
  for (const job of loaded.filter((l) => !fromDocker.includes(l))) note(`${job.image.ref.original} could not be pulled; loading the copy in Docker instead`);
  if (loaded.length > 0) await loadImages(ctx.target.clusterName, [...new Set(loaded.map((l) => l.image.ref.original))], ctx.requireKind());
  await checkPlatforms(toPull.filter((j) => !loaded.includes(j)), (await dockerInfo(docker)).arch, docker);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  ctx.pull = { pulled: done, present, loaded: loaded.length, bytes, seconds };
  return describe(ctx, done, loaded.length, present, bytes);
}

function describe(ctx: UpContext, pulled: number, loaded: number, present: number, bytes: number): string {
  const through = ctx.caches.filter((c) => c.remote !== undefined).length > 0 ? ' through the cache' : '';
  const parts = [`pulled ${pulled} image${pulled === 1 ? '' : 's'} (${formatBytes(bytes)})${through}`];
  if (loaded > 0) parts.push(`loaded ${loaded} from Docker`);
  if (present > 0) parts.push(`${present} already in the node`);
  return parts.join(', ');
}

/** A pushed local image, pulled by the node from the devnet.local cache like a registry image. */
function pushedImage(tag: string): InventoryImage {
  return { ref: parseImageRef(tag), role: 'workload', users: ['--load-image'], local: false };
}

async function inDocker(jobs: readonly (Job & { failure?: PullFailure })[], docker: DockerOptions): Promise<Job[]> {
  const found: Job[] = [];
  for (const job of jobs) if ((await localImageSize(job.image.ref.original, docker)) !== undefined) found.push(job);
  return found;
}

async function inFlight(nodes: readonly string[], docker: DockerOptions): Promise<number> {
  const each = await Promise.all(nodes.map((n) => bytesInFlight(n, docker).catch(() => 0)));
  return each.reduce((a, b) => a + b, 0);
}

async function checkPlatforms(jobs: readonly Job[], arch: string, docker: DockerOptions): Promise<void> {
  for (const job of jobs) {
    const platform = await nodeImagePlatform(job.node, job.image.ref.original, docker);
    if (platform !== undefined && platform.architecture !== arch) {
      throw pullFailedError([{ ...job, failure: 'platform', reason: `built for ${platform.os}/${platform.architecture}, the node runs linux/${arch}` }], undefined);
    }
  }
}

/** A cluster made before devnet wrote registry hosts has no mount for them: its pulls bypass the caches. */
async function warnWithoutHosts(ctx: UpContext, nodes: readonly string[], docker: DockerOptions, note: (m: string) => void): Promise<void> {
  if (ctx.caches.length === 0) return;
  for (const node of nodes) {
    const state = await inspectContainer(node, docker);
    if (state === undefined || hasMount(state.mounts, CONTAINERD_HOSTS_DIR)) continue;
    const message = `the kind node ${node} was created without devnet's registry hosts, so its pulls bypass the caches`;
    const fix = `devnet up --recreate -p ${ctx.loaded.profile.name} creates the cluster again with them`;
    note(`${message} (${fix})`);
    ctx.warnings.push({ message, fix });
    return;
  }
}

