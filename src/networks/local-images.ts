/**
 * Images built on this machine rather than pulled: their names start with `devnet.local/`, a
 * registry that does not exist, so a node could never pull them. `devnet up` checks that Docker has
 * each one before it creates or touches the cluster, and loads them into kind the way --load-image
 * does (under a tag derived from their content).
 */
import type { Topology } from './topology.js';

export const LOCAL_REGISTRY = 'devnet.local';

export function isLocalImage(image: string): boolean {
  return image.startsWith(`${LOCAL_REGISTRY}/`);
}

export interface LocalImage {
  image: string;
  /** The components that run it, to name them when it is missing. */
  users: string[];
  /** Its Dockerfile's directory in devnet's checkout or package, when devnet ships one. */
  dockerfileDir?: string;
}

/** Every local image the devnet's pods run (init containers included), in the order first used. */
export function localImagesOf(topology: Topology): LocalImage[] {
  const found = new Map<string, LocalImage>();
  for (const component of topology.components) {
    for (const image of [component.image, ...component.initContainers.map((c) => c.image)]) {
      if (!isLocalImage(image)) continue;
      const entry = found.get(image) ?? { image, users: [] };
      const user = component.validator === null ? component.name : `validator-${component.validator}/${component.name}`;
      if (!entry.users.includes(user)) entry.users.push(user);
      if (component.image === image && component.imageSource !== undefined) entry.dockerfileDir = component.imageSource.dockerfileDir;
      found.set(image, entry);
    }
  }
  return [...found.values()];
}
