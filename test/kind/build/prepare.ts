/** Everything the kind tier's tests use, for `npm run kind:build` and the tier's global setup alike. */
import { ensureLinera } from '../../linera/build.js';
import { ensureKindTier, type KindTier } from './index.js';
import { ensureLineraImages, type LineraImages } from './linera-images.js';
import { ensurePolicyEnforcer } from './policy-enforcer.js';
import { ensureRegistryImage } from './registry-image.js';
import { goVersion } from '../../controlplane/harness/go.js';
import { step, type Say } from './run.js';

export interface PreparedTier extends KindTier {
  lineraBin: string;
  lineraImages: LineraImages;
  /** The Distribution registry (registry:3's program) built here, for the image caches. */
  registryImage: string;
  /** kube-router and ipset, as a tree to copy into a node at / (policy-enforcer.ts). */
  policyEnforcer: string;
}

export async function prepareKindTier(progress: Say): Promise<PreparedTier> {
  const tier = await ensureKindTier(progress);
  const linera = await step('Linera binaries (cargo, cached)', progress, () => ensureLinera(progress));
  const lineraImages = await step('Linera images from those binaries', progress, () => ensureLineraImages(tier.baseImage, linera.binDir, linera.key, progress));
  const registryImage = await step('registry image (distribution v3.1.2)', progress, async () => ensureRegistryImage(tier.baseImage, await goVersion(), progress));
  const policyEnforcer = await step('NetworkPolicy enforcer (kube-router)', progress, async () => ensurePolicyEnforcer(await goVersion(), progress));
  return { ...tier, lineraBin: linera.binDir, lineraImages, registryImage, policyEnforcer };
}
