/**
 * Images built on this machine. The profile's own (`devnet.local/…`) are checked before the cluster
 * is created or touched; they and every --load-image go into the kind cluster under a tag derived
 * from their content (never :latest, whose pull policy would ignore the loaded copy), and every
 * component that uses the image is pointed at that tag.
 */
import { imageId, localImageId, pushImage, removeImageTag, tagImage, type DockerOptions } from '../../cluster/docker.js';
import { parseImageRef } from '../../render/image-ref.js';
import { loadImages as kindLoad } from '../../cluster/kind.js';
import { LOCAL_REGISTRY, localImagesOf } from '../../networks/local-images.js';
import { run } from '../../system/process.js';
import { missingImagesError } from '../local-images.js';
import type { UpContext } from './context.js';

export function contentTag(image: string, id: string): string {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '').split('/').pop() ?? 'image';
  return `${LOCAL_REGISTRY}/${name}:${id.replace(/^sha256:/, '').slice(0, 12)}`;
}

const dockerOptions = (ctx: UpContext) => ({ run, env: { ...ctx.io.env }, signal: ctx.signal });

/**
 * Refuses, before anything exists, a devnet whose local images Docker does not have. An existing
 * cluster gets no images from devnet: its nodes must have them already, which only the cluster knows.
 */
export async function checkLocalImages(ctx: UpContext, note: (m: string) => void): Promise<string> {
  const local = localImagesOf(ctx.loaded.topology);
  if (ctx.target.provider !== 'kind') {
    for (const image of local) note(`${image.image} is built on this machine and devnet loads images only into kind: the nodes of ${ctx.target.context ?? 'this cluster'} must already have it`);
    return `${local.length} to be found on the cluster's nodes`;
  }
  const missing = [];
  for (const image of local) if ((await localImageId(image.image, dockerOptions(ctx))) === undefined) missing.push(image);
  if (missing.length > 0) throw missingImagesError(missing, ctx.io.cwd, ctx.lines.up());
  return `${local.map((i) => i.image).join(', ')} present in Docker`;
}

/** What goes into the kind node: the --load-image images, then the profile's local ones. */
export function imagesToLoad(ctx: Pick<UpContext, 'flags' | 'loaded' | 'target'>): string[] {
  const local = ctx.target.provider === 'kind' ? localImagesOf(ctx.loaded.topology).map((i) => i.image) : [];
  return [...new Set([...ctx.flags.loadImages, ...local])];
}

/** One image's way into the node: pushed to the devnet.local cache, or to be `kind load`ed. */
export interface Pushed {
  image: string;
  tag: string;
  pushed: boolean;
  notes: string[];
}

/**
 * Tags every image with its content tag and pushes it to the devnet.local cache when one runs. It
 * needs no cluster, so on a new cluster it runs beside `kind create` (startPushes), where the first
 * push of a large image is most of its time. Notes are kept for the images step to show.
 */
export async function pushLocalImages(ctx: UpContext, signal: AbortSignal = ctx.signal): Promise<Pushed[]> {
  const options = { ...ctx.requireKind(), signal };
  const cache = ctx.caches.find((c) => c.upstream === LOCAL_REGISTRY);
  const results: Pushed[] = [];
  for (const image of imagesToLoad(ctx)) {
    const tag = contentTag(image, await imageId(image, options));
    await tagImage(image, tag, options);
    const notes: string[] = [];
    const pushed = cache !== undefined && (await pushToCache(tag, cache.address, options, (m) => notes.push(m)));
    if (pushed) notes.push(`pushed ${image} to the cache ${cache.name} as ${tag}`);
    results.push({ image, tag, pushed, notes });
  }
  return results;
}

/**
 * Starts the pushes to the devnet.local cache now, for loadImages to take up; a failure is kept and
 * thrown there, in its own step, not left unhandled meanwhile. Returns what stops them (when the
 * step they run beside fails, so that up does not wait on a push to report it).
 */
export function startPushes(ctx: UpContext): () => void {
  const controller = new AbortController();
  if (ctx.pushes !== undefined || imagesToLoad(ctx).length === 0 || !ctx.caches.some((c) => c.upstream === LOCAL_REGISTRY)) return () => {};
  const pushes = pushLocalImages(ctx, AbortSignal.any([ctx.signal, controller.signal]));
  pushes.catch(() => undefined);
  ctx.pushes = pushes;
  return () => controller.abort();
}

/**
 * Each image goes into the cluster under its content tag: pushed to the devnet.local cache when one
 * runs (the node then pulls only the layers it lacks, through its registry hosts), else, or when
 * the push is refused, in one `kind load` of every such image (a whole archive into every node).
 */
export async function loadImages(ctx: UpContext, note: (m: string) => void): Promise<string> {
  const options = ctx.requireKind();
  const results = await (ctx.pushes ?? pushLocalImages(ctx));
  const viaKind: { image: string; tag: string }[] = [];
  for (const { image, tag, pushed, notes } of results) {
    notes.forEach(note);
    if (pushed) ctx.pushed.push(tag);
    else viaKind.push({ image, tag });
    if (retarget(ctx, image, tag) === 0) note(`no component of the profile uses ${image}; it is loaded but unused`);
  }
  if (viaKind.length > 0) {
    for (const { image, tag } of viaKind) note(`loading ${image} as ${tag} (kind load)`);
    // All at once: the layers the images share (a Debian base, often) are saved and copied once.
    await kindLoad(ctx.target.clusterName, viaKind.map((l) => l.tag), options);
  }
  return [ctx.pushed.length > 0 ? `pushed ${ctx.pushed.join(', ')}` : '', viaKind.length > 0 ? `loaded ${viaKind.map((l) => l.tag).join(', ')}` : ''].filter(Boolean).join('; ');
}

/** `docker push` under the cache's address (Docker takes 127.0.0.0/8 registries over plain HTTP); false when refused. */
async function pushToCache(tag: string, address: string, options: DockerOptions, note: (m: string) => void): Promise<boolean> {
  const ref = parseImageRef(tag);
  const there = `${address}/${ref.repository}:${ref.tag ?? 'latest'}`;
  await tagImage(tag, there, options);
  const pushed = await pushImage(there, options);
  await removeImageTag(there, options);
  if (!pushed.ok) note(`the cache refused ${tag} (${pushed.reason}); loading it with kind load instead`);
  return pushed.ok;
}

/** Points components (and their init containers) using `image` at `tag`; returns how many changed. */
function retarget(ctx: UpContext, image: string, tag: string): number {
  let count = 0;
  for (const component of ctx.loaded.topology.components) {
    if (component.image === image) {
      component.image = tag;
      component.pullPolicy = 'IfNotPresent';
      count++;
    }
    for (const init of component.initContainers) if (init.image === image) init.image = tag;
  }
  return count;
}
