/**
 * `npm run kind:build`: make this machine ready for the kind tier (a Docker Engine that answers,
 * kind and a node image built here, Linera's images from the real binaries), printing each step's time.
 */
import { prepareKindTier } from './build/prepare.js';
import { formatSeconds, say } from './build/run.js';

const started = Date.now();
prepareKindTier(say).then(
  (tier) => say(`ready in ${formatSeconds(Date.now() - started)}: kind in ${tier.toolsBin}, node image ${tier.nodeImage}, registry image ${tier.registryImage}`),
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
