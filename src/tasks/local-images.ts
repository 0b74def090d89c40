/**
 * The images a devnet needs from this machine's Docker (`devnet.local/…`, see
 * src/networks/local-images.ts): which are missing, and the one command that makes each.
 */
import { isAbsolute, join, relative } from 'node:path';
import { EnvironmentError } from '../errors/index.js';
import type { LocalImage } from '../networks/local-images.js';
import { packageRoot } from '../system/paths.js';

/**
 * `docker build -t IMAGE DIR` for an image devnet ships a Dockerfile for, with DIR as the user can
 * type it from where they are (relative inside the checkout, absolute elsewhere).
 */
export function buildCommand(image: LocalImage, cwd: string, root = packageRoot()): string | undefined {
  if (image.dockerfileDir === undefined) return undefined;
  const dir = join(root, image.dockerfileDir);
  const shown = relative(cwd, dir);
  return `docker build -t ${image.image} ${shown === '' || shown.startsWith('..') || isAbsolute(shown) ? dir : shown}`;
}

/** How to make the image: devnet's build command, or what the user can do for an image of their own. */
export function remedy(image: LocalImage, cwd: string, root?: string): string {
  return (
    buildCommand(image, cwd, root) ??
    `build it on this machine (docker build -t ${image.image} DIR) or give an image you have that name (docker tag IMAGE ${image.image})`
  );
}

/** One line per missing image: what it is for and how to make it. */
export function missingImageLines(missing: readonly LocalImage[], cwd: string, root?: string): string[] {
  return missing.map((m) => `${m.image} (for ${m.users.join(', ')}): ${remedy(m, cwd, root)}`);
}

/** The refusal `up` gives before it creates or changes anything; `up` is the command line that runs it again. */
export function missingImagesError(missing: readonly LocalImage[], cwd: string, up: string, root?: string): EnvironmentError {
  const [first] = missing;
  const only = missing.length === 1 && first !== undefined;
  return new EnvironmentError(
    only
      ? `Docker has no image ${first.image} (for ${first.users.join(', ')}); nothing was created or changed.`
      : `Docker lacks ${missing.length} images this devnet runs; nothing was created or changed.`,
    {
      hint: only
        ? `${remedy(first, cwd, root)}, then run ${up} again. Images under devnet.local/ are built on this machine and loaded into kind; no registry has them`
        : `build each one as shown, then run ${up} again. Images under devnet.local/ are built on this machine and loaded into kind; no registry has them`,
      ...(only ? {} : { details: missingImageLines(missing, cwd, root) }),
    },
  );
}
