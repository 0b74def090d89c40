/**
 * The kind tier: a Docker Engine, kind and a node image built on this machine, and Linera's images
 * from the real binaries, each built first when the cache has none (with progress: this tier never
 * skips). One kind tier runs at a time on a machine; clusters that a killed run left behind are
 * removed before the tests start.
 */
import './support/provided.js';
import type { TestProject } from 'vitest/node';
import { prepareKindTier } from './build/prepare.js';
import { formatSeconds, say } from './build/run.js';
import { removeAbandonedClusters } from './support/clusters.js';
import { acquireTierLock } from './support/lock.js';

export default async function setup(project: TestProject): Promise<() => void> {
  const started = Date.now();
  const release = await acquireTierLock(say);
  const tier = await prepareKindTier(say);
  const removed = await removeAbandonedClusters(tier.toolsBin);
  if (removed.length > 0) say(`removed the kind clusters of runs that were killed: ${removed.join(', ')}`);
  say(`ready in ${formatSeconds(Date.now() - started)}`);
  project.provide('kindToolsBin', tier.toolsBin);
  project.provide('kindNodeImage', tier.nodeImage);
  project.provide('lineraImages', tier.lineraImages);
  project.provide('lineraBin', tier.lineraBin);
  project.provide('registryImage', tier.registryImage);
  project.provide('policyEnforcer', tier.policyEnforcer);
  return release;
}
