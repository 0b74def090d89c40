/**
 * The registry caches in front of a kind node, as data: one pull-through cache per upstream
 * registry (named after it), the hosts.toml that sends the node's containerd to it, and the two
 * additions to the kind config that make containerd read those files. Pure: src/tasks/cache/
 * starts the containers and writes the files.
 */
import type { CachePlan } from '../networks/topology.js';
import { LOCAL_REGISTRY } from '../networks/local-images.js';
import type { KindConfig } from './kind-config.js';

/** Where the node's containerd looks for one directory per registry host. */
export const CONTAINERD_HOSTS_DIR = '/etc/containerd/certs.d';
/** The port the Distribution registry listens on (distribution v3.1.2 Dockerfile EXPOSE 5000, config-dev.yml http.addr). */
export const REGISTRY_PORT = 5000;
/** Its debug server, which devnet turns on for the proxy's hit and miss counters (/debug/vars). */
export const REGISTRY_DEBUG_PORT = 5001;
/** Labels devnet puts on every cache container, so `devnet cache` finds them whatever their prefix. */
export const CACHE_LABEL = 'dev.devnet.cache';
export const UPSTREAM_LABEL = 'dev.devnet.cache.upstream';
export const REMOTE_LABEL = 'dev.devnet.cache.remote';

export interface CacheSpec {
  /** The registry host images name, e.g. docker.io; devnet.local for the images built here. */
  upstream: string;
  /** Container and volume name. */
  name: string;
  /** The URL the cache pulls from; absent for devnet.local, which holds what devnet pushes to it. */
  remote?: string;
}

/**
 * containerd's CRI registry settings in the form the node's config (version 2) takes: kind v0.33.0's
 * node config is `version = 2` (images/base/files/etc/containerd/config.toml), and containerd v2.3.4
 * moves `plugins."io.containerd.grpc.v1.cri".registry` to the CRI images plugin's registry section
 * when it migrates such a config (plugins/cri/images/plugin.go configMigration, migrateConfig's
 * "registry" key; plugin_test.go TestRegistryConfigMigration). Never the inline `mirrors` form,
 * which containerd refuses beside config_path (internal/cri/config/config.go:511-517).
 */
export const CONTAINERD_PATCH = `[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "${CONTAINERD_HOSTS_DIR}"\n`;

/** Docker's embedded DNS answers container names on the kind network; dots and ports make poor names. */
export function cacheName(prefix: string, upstream: string): string {
  return `${prefix}-${upstream.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** Docker Hub's registry API is not at docker.io (containerd's default host for it: registry-1.docker.io). */
export function defaultRemote(upstream: string): string {
  return upstream === 'docker.io' ? 'https://registry-1.docker.io' : `https://${upstream}`;
}

export function cacheSpecs(plan: CachePlan, upstreams: readonly string[]): CacheSpec[] {
  return [...new Set(upstreams)].sort().map((upstream) => ({
    upstream,
    name: cacheName(plan.prefix, upstream),
    ...(upstream === LOCAL_REGISTRY ? {} : { remote: plan.remotes[upstream] ?? defaultRemote(upstream) }),
  }));
}

/**
 * One registry's hosts.toml: the cache first, then the registry itself (`server`), which containerd
 * tries when the cache fails (v2.3.4 core/remotes/docker/config/hosts.go parseHostsFile: the
 * `host` entries in order, the server last; resolver.go and fetcher.go go on to the next host on an
 * error), so a cache that is down slows a pull but never stops it. The cache is plain HTTP on the
 * kind network; "resolve" lets it answer tags, "pull" blobs.
 */
export function hostsToml(spec: CacheSpec): string {
  const server = spec.remote ?? `https://${spec.upstream}`;
  return [
    `# Written by devnet: pulls from ${spec.upstream} go through the cache ${spec.name}, then to ${server}.`,
    `server = "${server}"`,
    '',
    `[host."http://${spec.name}:${REGISTRY_PORT}"]`,
    '  capabilities = ["pull", "resolve"]',
    '',
  ].join('\n');
}

/**
 * The directory containerd reads for a registry: its host name, with the port as written (v2.3.4
 * core/remotes/docker/config/config_unix.go hostPaths tries `host_port_` first, then `host:port`).
 */
export function hostsDirName(upstream: string): string {
  return upstream;
}

export interface WithCache {
  config: KindConfig;
  note: string;
}

/**
 * The kind config with the node's containerd pointed at a host directory of hosts.toml files:
 * a containerd patch (kind v0.33.0 applies containerdConfigPatches to every node's config.toml and
 * restarts containerd before kubeadm runs, pkg/cluster/internal/create/actions/config/config.go:119-146)
 * and that directory mounted read-only where the patch says (extraMounts, on every node). The files
 * are read at each pull, so adding a registry later needs no new cluster. Like the host adaptations,
 * these are left out of the stored config hash: turning the cache on or off never asks for --recreate.
 */
export function withRegistryHosts(config: KindConfig, hostDir: string): WithCache {
  const patches = Array.isArray(config.containerdConfigPatches) ? (config.containerdConfigPatches as unknown[]) : [];
  const mount = { hostPath: hostDir, containerPath: CONTAINERD_HOSTS_DIR, readOnly: true };
  return {
    config: {
      ...config,
      containerdConfigPatches: [...patches, CONTAINERD_PATCH],
      nodes: config.nodes.map((node) => ({ ...node, extraMounts: [...((node.extraMounts as unknown[] | undefined) ?? []), mount] })),
    },
    note: `the node's containerd reads registry hosts from ${hostDir} (mounted at ${CONTAINERD_HOSTS_DIR}), where devnet points each registry at its cache`,
  };
}
