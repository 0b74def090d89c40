/**
 * The registry caches `up` runs on kind: one Distribution registry container per upstream registry,
 * each with a named volume, on kind's Docker network, started before the cluster and never removed
 * by `down` or `--recreate` (only `devnet cache prune`). A cache that cannot start is a warning:
 * the node then pulls from the registry itself, as its hosts.toml says.
 */
import { connectNetwork, inspectContainer, kindNetworkName, removeContainer, runDetached, startContainer, type DockerOptions } from '../../cluster/docker.js';
import { ensureKindNetwork } from '../../cluster/kind-network.js';
import { isDevnetError } from '../../errors/index.js';
import { CACHE_LABEL, REGISTRY_DEBUG_PORT, REGISTRY_PORT, REMOTE_LABEL, UPSTREAM_LABEL, type CacheSpec } from '../../render/registry-cache.js';

/** Where the registry keeps its storage (REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY), the volume's mount point. */
export const REGISTRY_ROOT = '/var/lib/registry';

export interface RunningCache extends CacheSpec {
  /** Where this machine reaches it: 127.0.0.1:<port>, published by Docker. */
  address: string;
  /** Its debug server (/debug/vars holds the proxy's hits and misses). */
  debugAddress: string | undefined;
  /** What happened to it in this run. */
  action: 'started' | 'restarted' | 'running';
}

export interface CacheProblem {
  spec: CacheSpec;
  reason: string;
}

/**
 * The registry's settings, as environment: the Distribution registry reads REGISTRY_<SECTION>_<FIELD>
 * over its config file (distribution v3.1.2 configuration/parser.go), proxy.remoteurl makes it a
 * pull-through cache (configuration.go Proxy), and http.debug.addr serves expvar's /debug/vars on
 * the debug port (registry/registry.go configureDebugServer, DefaultServeMux).
 */
export function registryEnv(spec: CacheSpec): Record<string, string> {
  return {
    REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: REGISTRY_ROOT,
    REGISTRY_HTTP_ADDR: `:${REGISTRY_PORT}`,
    REGISTRY_HTTP_DEBUG_ADDR: `:${REGISTRY_DEBUG_PORT}`,
    REGISTRY_LOG_LEVEL: 'info',
    OTEL_TRACES_EXPORTER: 'none',
    ...(spec.remote === undefined ? {} : { REGISTRY_PROXY_REMOTEURL: spec.remote }),
  };
}

/**
 * `existingOnly` (up --offline): use the caches this machine already has, and make none, since a
 * new one would need its registry image and, for a remote, a network to fill it.
 */
export async function ensureCaches(specs: readonly CacheSpec[], image: string, options: DockerOptions & { existingOnly?: boolean }): Promise<{ running: RunningCache[]; problems: CacheProblem[]; absent: CacheSpec[] }> {
  const running: RunningCache[] = [];
  const problems: CacheProblem[] = [];
  const absent: CacheSpec[] = [];
  if (options.existingOnly === true) {
    const existing: CacheSpec[] = [];
    for (const spec of specs) ((await inspectContainer(spec.name, options)) === undefined ? absent : existing).push(spec);
    specs = existing;
  }
  if (specs.length === 0) return { running, problems, absent };
  const network = kindNetworkName(options.env);
  try {
    await ensureKindNetwork(options);
  } catch (error) {
    return { running, problems: specs.map((spec) => ({ spec, reason: reasonOf(error) })), absent };
  }
  for (const spec of specs) {
    try {
      running.push(await ensureCache(spec, image, network, options, options.existingOnly === true));
    } catch (error) {
      problems.push({ spec, reason: reasonOf(error) });
    }
  }
  return { running, problems, absent };
}

async function ensureCache(spec: CacheSpec, image: string, network: string, options: DockerOptions, existingOnly: boolean): Promise<RunningCache> {
  let state = await inspectContainer(spec.name, options);
  let action: RunningCache['action'] = 'running';
  // A registry's settings are fixed when its container is made: another remote means other content
  // (the volume goes too), another registry image only a new container over the same volume.
  // Offline, a cache is used as it is: making it again would need its image and a network.
  if (state !== undefined && !existingOnly && (state.labels[REMOTE_LABEL] ?? '') !== (spec.remote ?? '')) {
    await removeContainer(spec.name, [spec.name], options);
    state = undefined;
  } else if (state !== undefined && !existingOnly && state.image !== image) {
    await removeContainer(spec.name, [], options);
    state = undefined;
  }
  if (state === undefined) {
    await runDetached(
      {
        name: spec.name,
        image,
        network,
        labels: { [CACHE_LABEL]: 'true', [UPSTREAM_LABEL]: spec.upstream, [REMOTE_LABEL]: spec.remote ?? '' },
        env: registryEnv(spec),
        publish: [REGISTRY_PORT, REGISTRY_DEBUG_PORT],
        volumes: { [spec.name]: REGISTRY_ROOT },
      },
      options,
    );
    action = 'started';
  } else {
    if (!state.networks.includes(network)) await connectNetwork(network, spec.name, options);
    if (!state.running) {
      await startContainer(spec.name, options);
      action = 'restarted';
    }
  }
  state = await inspectContainer(spec.name, options);
  const address = state?.ports[`${REGISTRY_PORT}/tcp`];
  if (state === undefined || !state.running || address === undefined) throw new Error(`${spec.name} is ${state?.status ?? 'gone'} after it was started`);
  return { ...spec, address, debugAddress: state.ports[`${REGISTRY_DEBUG_PORT}/tcp`], action };
}

function reasonOf(error: unknown): string {
  if (isDevnetError(error)) return [error.message, ...error.details].join(' ');
  return error instanceof Error ? error.message : String(error);
}
