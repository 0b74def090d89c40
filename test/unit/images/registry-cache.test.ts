/**
 * How the kind node is pointed at the caches: containerd's config_path and one hosts.toml per
 * registry, never the inline `mirrors` form (containerd#12612); what a cache container is told.
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'smol-toml';
import { cacheSpecs, CONTAINERD_HOSTS_DIR, hostsToml, withRegistryHosts } from '../../../src/render/registry-cache.js';
import type { KindConfig } from '../../../src/render/kind-config.js';
import { registryEnv } from '../../../src/tasks/cache/ensure.js';

const plan = { enabled: true, image: 'registry:3', prefix: 'devnet-cache', remotes: { 'registry.local:5000': 'http://registry.local:5000' } };

describe('the registry caches', () => {
  test('one per registry, named after it, pulling from its API (Docker Hub: registry-1.docker.io) unless the profile says where', () => {
    expect(cacheSpecs(plan, ['quay.io', 'docker.io', 'registry.local:5000', 'quay.io', 'devnet.local'])).toEqual([
      { upstream: 'devnet.local', name: 'devnet-cache-devnet-local' },
      { upstream: 'docker.io', name: 'devnet-cache-docker-io', remote: 'https://registry-1.docker.io' },
      { upstream: 'quay.io', name: 'devnet-cache-quay-io', remote: 'https://quay.io' },
      { upstream: 'registry.local:5000', name: 'devnet-cache-registry-local-5000', remote: 'http://registry.local:5000' },
    ]);
  });

  test('each is a Distribution registry with proxy.remoteurl, its storage on the volume and its debug server on', () => {
    const [quay] = cacheSpecs(plan, ['quay.io']);
    if (quay === undefined) throw new Error('no spec');
    expect(registryEnv(quay)).toMatchObject({ REGISTRY_PROXY_REMOTEURL: 'https://quay.io', REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: '/var/lib/registry', REGISTRY_HTTP_ADDR: ':5000', REGISTRY_HTTP_DEBUG_ADDR: ':5001' });
    const [local] = cacheSpecs(plan, ['devnet.local']);
    if (local === undefined) throw new Error('no spec');
    expect(registryEnv(local)).not.toHaveProperty('REGISTRY_PROXY_REMOTEURL');
  });

  test("a registry's hosts.toml sends pulls to its cache first, then to the registry itself", () => {
    const [quay] = cacheSpecs(plan, ['quay.io']);
    if (quay === undefined) throw new Error('no spec');
    const hosts = parse(hostsToml(quay)) as { server: string; host: Record<string, { capabilities: string[] }> };
    expect(hosts.server).toBe('https://quay.io');
    expect(hosts.host).toEqual({ 'http://devnet-cache-quay-io:5000': { capabilities: ['pull', 'resolve'] } });
  });

  test('the kind config gets config_path and the hosts directory mounted in every node, never a mirrors section', () => {
    const config: KindConfig = { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', nodes: [{ role: 'control-plane', extraPortMappings: [] }, { role: 'worker' }] };
    const { config: given } = withRegistryHosts(config, '/state/registry-hosts');
    const patches = given.containerdConfigPatches as string[];
    expect(patches).toHaveLength(1);
    const patch = parse(patches[0] ?? '') as { plugins: Record<string, { registry: Record<string, unknown> }> };
    expect(patch.plugins['io.containerd.grpc.v1.cri']?.registry).toEqual({ config_path: CONTAINERD_HOSTS_DIR });
    expect(patches.join('\n')).not.toMatch(/mirrors/);
    for (const node of given.nodes) expect(node.extraMounts).toEqual([{ hostPath: '/state/registry-hosts', containerPath: '/etc/containerd/certs.d', readOnly: true }]);
    expect(config.nodes[0]).not.toHaveProperty('extraMounts');
  });
});
