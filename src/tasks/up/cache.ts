/**
 * The cache step of `up` on kind, before the cluster: a registry cache per registry the devnet pulls
 * from (and one for the images built here, when there are any to load), and the node's registry
 * hosts pointed at those that run. A cache that cannot start is a warning: its registry's images
 * then come straight from the registry. Offline it only uses the caches that exist.
 */
import { LOCAL_REGISTRY } from '../../networks/local-images.js';
import { cacheSpecs } from '../../render/registry-cache.js';
import { run } from '../../system/process.js';
import { ensureCaches } from '../cache/ensure.js';
import { registryHostsDir, writeRegistryHosts } from '../cache/hosts.js';
import { upstreamsOf } from '../images/inventory.js';
import type { UpContext } from './context.js';
import { imagesToLoad } from './images.js';

export async function startCaches(ctx: UpContext, note: (message: string) => void): Promise<string> {
  const plan = ctx.loaded.topology.cluster.cache;
  const dir = registryHostsDir(ctx.io, ctx.target.clusterName);
  if (!plan.enabled) {
    await writeRegistryHosts(dir, []);
    return 'off (cluster.cache.enabled is false): the node pulls from each registry itself';
  }
  const upstreams = upstreamsOf(await ctx.imageInventory());
  if (imagesToLoad(ctx).length > 0) upstreams.push(LOCAL_REGISTRY);
  const specs = cacheSpecs(plan, upstreams);
  if (specs.length === 0) {
    await writeRegistryHosts(dir, []);
    return 'nothing to cache: every image is built on this machine';
  }
  const { running, problems, absent } = await ensureCaches(specs, plan.image, { run, env: { ...ctx.io.env }, signal: ctx.signal, existingOnly: ctx.flags.offline });
  for (const problem of problems) {
    const message = `the image cache for ${problem.spec.upstream} (${problem.spec.name}) could not start: ${problem.reason}`;
    const fix = problem.spec.remote === undefined
      ? `local images are loaded with kind load instead; check that Docker can run ${plan.image}`
      : `the node pulls from ${problem.spec.upstream} itself this time; check that Docker can run ${plan.image} (or set cluster.cache.image), or turn the cache off with cluster.cache.enabled: false`;
    note(`warning: ${message}; ${fix}`);
    ctx.warnings.push({ message, fix });
  }
  ctx.caches = running;
  await writeRegistryHosts(dir, running);
  const notMade = absent.length === 0 ? '' : `; --offline makes no new cache (${absent.map((a) => a.upstream).join(', ')})`;
  if (running.length === 0 && problems.length === 0) return `none on this machine${notMade}`;
  if (running.length === 0) return `no cache could start (${problems.length} warning${problems.length === 1 ? '' : 's'})${notMade}`;
  const shown = running.map((c) => `${c.upstream}${c.action === 'running' ? '' : ` (${c.action})`}`).join(', ');
  return `${running.length} cache${running.length === 1 ? '' : 's'} on the kind network: ${shown}${notMade}`;
}
