/** Why the pre-pull stopped `up`, said per image with what to do; nothing of the devnet was applied. */
import { EnvironmentError, UserError, type DevnetError } from '../../errors/index.js';
import type { PullFailure } from '../../cluster/node-images.js';
import type { InventoryImage } from '../images/inventory.js';

export interface FailedPull {
  node: string;
  image: InventoryImage;
  failure: PullFailure;
  reason: string;
}

const WHAT: Record<PullFailure, string> = {
  missing: 'does not exist in its registry',
  platform: 'is not built for the node\'s platform',
  unreachable: 'could not be pulled',
};

export function pullFailedError(failed: readonly FailedPull[], devnet: string | undefined): DevnetError {
  const images = [...new Map(failed.map((f) => [f.image.ref.original, f])).values()];
  const [first] = images;
  if (first === undefined) throw new Error('pullFailedError needs a failure');
  const list = devnet === undefined ? 'devnet images' : `devnet images -p ${devnet}`;
  const details = images.map((f) => `${f.image.ref.original} (for ${f.image.users.join(', ')}) ${WHAT[f.failure]}: ${f.reason}`);
  const message = images.length === 1 ? `The image ${first.image.ref.original} ${WHAT[first.failure]}; nothing of the devnet was applied.` : `${images.length} images of the devnet cannot be pulled; nothing of the devnet was applied.`;
  if (images.every((f) => f.failure === 'missing')) {
    return new UserError(message, { details, hint: `check the reference in the profile, or push the image to ${first.image.ref.registry}; ${list} lists every image and where it is` });
  }
  if (images.every((f) => f.failure === 'platform')) {
    return new UserError(message, { details, hint: 'use a tag published for the node\'s platform (a multi-platform image), or build the image on this machine and pass it with --load-image' });
  }
  return new EnvironmentError(message, {
    details,
    hint: `check that this machine reaches ${[...new Set(images.map((f) => f.image.ref.registry))].join(', ')} (devnet cache status shows the caches); without a network, bring the images with devnet images save and devnet images load, then devnet up --offline`,
  });
}
