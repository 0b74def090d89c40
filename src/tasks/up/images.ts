/**
 * --load-image: images built on this machine go into the kind cluster under a tag derived from
 * their content (never :latest, whose pull policy would ignore the loaded copy), and every
 * component that uses the image is pointed at that tag.
 */
import { imageId, tagImage } from '../../cluster/docker.js';
import { loadImage } from '../../cluster/kind.js';
import type { UpContext } from './context.js';

export function contentTag(image: string, id: string): string {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '').split('/').pop() ?? 'image';
  return `devnet.local/${name}:${id.replace(/^sha256:/, '').slice(0, 12)}`;
}

export async function loadImages(ctx: UpContext, note: (m: string) => void): Promise<string> {
  const options = ctx.requireKind();
  const loaded: string[] = [];
  for (const image of ctx.flags.loadImages) {
    const tag = contentTag(image, await imageId(image, options));
    await tagImage(image, tag, options);
    note(`loading ${image} as ${tag}`);
    await loadImage(ctx.target.clusterName, tag, options);
    const users = retarget(ctx, image, tag);
    if (users === 0) note(`no component of the profile uses ${image}; it is loaded but unused`);
    loaded.push(tag);
  }
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
