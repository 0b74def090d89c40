/**
 * Images built on this machine. The profile's own (`devnet.local/…`) are checked before the cluster
 * is created or touched; they and every --load-image go into the kind cluster under a tag derived
 * from their content (never :latest, whose pull policy would ignore the loaded copy), and every
 * component that uses the image is pointed at that tag.
 */
import { imageId, localImageId, tagImage } from '../../cluster/docker.js';
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

export async function loadImages(ctx: UpContext, note: (m: string) => void): Promise<string> {
  const options = ctx.requireKind();
  const loaded: string[] = [];
  for (const image of imagesToLoad(ctx)) {
    const tag = contentTag(image, await imageId(image, options));
    await tagImage(image, tag, options);
    note(`loading ${image} as ${tag}`);
    const users = retarget(ctx, image, tag);
    if (users === 0) note(`no component of the profile uses ${image}; it is loaded but unused`);
    loaded.push(tag);
  }
  // All at once: the layers the images share (a Debian base, often) are saved and copied once.
  await kindLoad(ctx.target.clusterName, loaded, options);
  return `loaded ${loaded.join(', ')}`;
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
