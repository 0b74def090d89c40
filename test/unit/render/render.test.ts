import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import { loadShipped, shippedText } from '../../support/profiles.js';
import { lineraPlaceholders } from '../../../src/networks/linera/genesis.js';
import { materialOf, type Material } from '../../../src/networks/material.js';
import type { Topology } from '../../../src/networks/topology.js';
import { renderObjects } from '../../../src/render/index.js';
import { findObject, type Json } from '../../support/objects.js';
import { adaptToHost, renderKindConfig } from '../../../src/render/kind-config.js';

/** Linera material whose secret parts are recognisable, as linera-server would produce it. */
function lineraMaterial(topology: Topology): Material {
  if (topology.material.kind !== 'linera') throw new Error('not linera');
  const entries = Object.fromEntries(
    [...lineraPlaceholders(topology.material).entries].map(([name, entry]) => [name, { ...entry, text: entry.secret ? `{"validator_secret":"SECRET-${name}"}` : `{"public":"${name}"}` }]),
  );
  return materialOf('linera-tools', entries);
}

const find = findObject;

describe('Linera objects', () => {
  const { topology } = loadShipped('linera');
  const material = lineraMaterial(topology);
  const objects = renderObjects(topology, material, { showSecrets: true });

  test('are created in dependency order: namespaces, data, storage, services, workloads', () => {
    const kinds = [...new Set(objects.map((o) => o.kind))];
    expect(kinds).toEqual(['Namespace', 'Secret', 'ConfigMap', 'ScyllaCluster', 'Service', 'Job', 'StatefulSet']);
  });

  test('every object carries the devnet, validator and component labels', () => {
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'linera', 'app.kubernetes.io/managed-by': 'devnet', 'app.kubernetes.io/name': 'linera' });
      expect(object.metadata.labels?.['devnet/validator']).toMatch(/^(\d+|shared)$/);
    }
    expect(find(objects, 'StatefulSet', 'linera-val-2', 'shards').metadata.labels).toMatchObject({ 'devnet/validator': '2', 'app.kubernetes.io/component': 'shards' });
  });

  test('the shards StatefulSet runs each replica\'s own pre-rendered command line', () => {
    const sts = find(objects, 'StatefulSet', 'linera-val-0', 'shards');
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.serviceName).toBe('shards');
    const container = sts.spec.template.spec.containers[0];
    expect(container.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(container.command[2]).toContain('/devnet/commands/replica-${DEVNET_ORDINAL}.sh');
    expect(container.env[0]).toEqual({ name: 'DEVNET_ORDINAL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } });
    const commands = find(objects, 'ConfigMap', 'linera-val-0', 'shards-commands');
    expect(commands.data['replica-1.sh']).toContain(
      'exec ./linera-server run --storage scylladb:tcp:scylla-client.linera-shared.svc.cluster.local:9042:table_validator_0 --server /config/server.json --shard 1',
    );
    expect(sts.spec.template.metadata.annotations['devnet/command-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('pods wait for storage, then read server.json from the Secret and genesis from a ConfigMap', () => {
    const spec = find(objects, 'StatefulSet', 'linera-val-1', 'proxy').spec.template.spec;
    expect(spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-storage']);
    const config = spec.volumes.find((v: { name: string }) => v.name === 'config');
    expect(config.projected.sources).toEqual([
      { secret: { name: 'validator-config', items: [{ key: 'serverConfig', path: 'server.json' }] } },
      { configMap: { name: 'genesis', items: [{ key: 'genesis.json', path: 'genesis.json' }, { key: 'committee.json', path: 'committee.json' }] } },
    ]);
  });

  test('the proxy is reachable through one NodePort per validator and a client Service', () => {
    const nodePort = find(objects, 'Service', 'linera-val-1', 'proxy-public');
    expect(nodePort.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'grpc', port: 19100, targetPort: 19100, nodePort: 30101 }] });
    expect(find(objects, 'Service', 'linera-val-1', 'proxy').spec.type).toBe('ClusterIP');
    expect(find(objects, 'Service', 'linera-val-1', 'proxy-internal').spec.clusterIP).toBe('None');
    const exposed = objects.filter((o) => o.kind === 'Service' && (o as Json).spec.type === 'NodePort');
    expect(exposed.map((s) => s.metadata.name)).toEqual(['proxy-public', 'proxy-public', 'proxy-public']);
  });

  test('the ScyllaCluster has what the operator webhook requires and a scylla-config before it', () => {
    const scylla = find(objects, 'ScyllaCluster', 'linera-shared', 'scylla');
    expect(scylla.spec.version).toBe('6.2.3');
    expect(scylla.spec.developerMode).toBe(true);
    expect(scylla.spec.datacenter.racks[0].resources.limits).toEqual({ cpu: '1', memory: '2Gi' });
    expect(scylla.spec.datacenter.racks[0].scyllaConfig).toBe('scylla-config');
    expect(objects.indexOf(find(objects, 'ConfigMap', 'linera-shared', 'scylla-config'))).toBeLessThan(objects.indexOf(scylla));
  });

  test('storage is initialised once per validator by a Job', () => {
    const job = find(objects, 'Job', 'linera-val-2', 'storage-init');
    const script = job.spec.template.spec.containers[0].command.join(' ');
    expect(script).toContain("storage initialize --storage 'scylladb:tcp:scylla-client.linera-shared.svc.cluster.local:9042:table_validator_2' --genesis /config/genesis.json");
  });

  test('the storage-init Job sees genesis and committee, never the signing key; shards and proxies do', () => {
    const volumesOf = (spec: Json) => JSON.stringify(spec.volumes);
    const job = find(objects, 'Job', 'linera-val-2', 'storage-init').spec.template.spec;
    expect(volumesOf(job)).not.toContain('validator-config');
    expect(job.volumes).toContainEqual({ name: 'config', configMap: expect.objectContaining({ name: 'genesis' }) });
    for (const component of ['shards', 'proxy']) expect(volumesOf(find(objects, 'StatefulSet', 'linera-val-2', component).spec.template.spec)).toContain('validator-config');
  });

  test('secret material appears in Secret data and nowhere else', () => {
    const secrets = [...material.entries].filter(([, e]) => e.secret).map(([, e]) => e.text);
    const outsideSecrets = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(outsideSecrets).not.toContain(secret);
    const secret = find(objects, 'Secret', 'linera-val-0', 'validator-config');
    expect(Buffer.from(secret.data.serverConfig ?? '', 'base64').toString()).toBe('{"validator_secret":"SECRET-validator-0/server.json"}');
  });

  test('Secret data is redacted unless asked for', () => {
    const redacted = renderObjects(topology, material, { showSecrets: false });
    const text = Buffer.from(find(redacted, 'Secret', 'linera-val-0', 'validator-config').data.serverConfig ?? '', 'base64').toString();
    expect(text).toMatch(/^REDACTED \(\d+ bytes\)/);
    expect(JSON.stringify(redacted)).not.toContain('SECRET-');
  });
});

describe('production-shaped Linera objects', () => {
  const { topology } = loadShipped('linera-production', ['linera.serviceMonitor.enabled=true', 'linera.exposure.gateway.enabled=true']);
  const objects = renderObjects(topology, lineraMaterial(topology), { showSecrets: false });

  test('one ScyllaCluster per validator namespace', () => {
    expect(objects.filter((o) => o.kind === 'ScyllaCluster').map((o) => o.metadata.namespace)).toEqual(['linera-prod-val-0', 'linera-prod-val-1']);
  });

  test('ServiceMonitors scrape /metrics of shards, proxies and exporters through the headless Services', () => {
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.namespace === 'linera-prod-val-0');
    expect(monitors.map((m) => m.metadata.name)).toEqual(['shards', 'proxy', 'block-exporter']);
    expect((monitors[1] as unknown as { spec: unknown }).spec).toMatchObject({ selector: { matchLabels: { 'devnet/service': 'headless' } }, endpoints: [{ port: 'metrics', path: '/metrics' }] });
  });

  test('a Gateway and GRPCRoute in front of each validator\'s proxy', () => {
    const route = find(objects, 'GRPCRoute', 'linera-prod-val-1', 'proxy');
    expect(route.spec).toMatchObject({ hostnames: ['validator-1.linera-prod.localhost'], rules: [{ backendRefs: [{ name: 'proxy', port: 19100 }] }] });
    expect(find(objects, 'Gateway', 'linera-prod-val-1', 'proxy').spec.gatewayClassName).toBe('default');
  });

  test('the block exporter runs its own image, with its own volume, a config it parses, and readiness on /health', () => {
    const sts = find(objects, 'StatefulSet', 'linera-prod-val-0', 'block-exporter');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('exporter-data');
    const container = sts.spec.template.spec.containers[0];
    expect(container.image).toBe('us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera-exporter:testnet_conway');
    expect(container.readinessProbe).toMatchObject({ httpGet: { port: 'metrics', path: '/health' } });
    expect(container.volumeMounts).toContainEqual({ name: 'exporter-data', mountPath: '/data' });
    const config = parseToml(find(objects, 'ConfigMap', 'linera-prod-val-0', 'block-exporter-config').data['exporter-0.toml']);
    // linera-exporter 0.15.23 src/config.rs: id, service_config, metrics_port required; no [limits] means its defaults.
    expect(config).toEqual({
      id: 0,
      metrics_port: 9091,
      service_config: { host: '0.0.0.0', port: 8882 },
      destination_config: { committee_destination: false, destinations: [{ kind: 'Logging', file_name: '/data/blocks.log' }] },
    });
  });

  test('exporter limits are written whole, and each destination in its own shape', () => {
    const limits = { persistencePeriodMs: 5000, workQueueSize: 256, blobCacheWeightMb: 64, blobCacheItemsCapacity: 512, blockCacheWeightMb: 64, blockCacheItemsCapacity: 512, auxiliaryCacheSizeMb: 32 };
    const destinations = [{ kind: 'Indexer', endpoint: 'indexer.ns', port: 8081, tls: 'Tls' }, { kind: 'Validator', endpoint: 'proxy.other', port: 19100 }];
    const { topology: custom } = loadShipped('linera-production', [`linera.blockExporter.limits=${JSON.stringify(limits)}`, `linera.blockExporter.destinations=${JSON.stringify(destinations)}`]);
    const config = parseToml(find(renderObjects(custom, lineraMaterial(custom), { showSecrets: false }), 'ConfigMap', 'linera-prod-val-1', 'block-exporter-config').data['exporter-0.toml']);
    expect(config.limits).toEqual({ persistence_period_ms: 5000, work_queue_size: 256, blob_cache_weight_mb: 64, blob_cache_items_capacity: 512, block_cache_weight_mb: 64, block_cache_items_capacity: 512, auxiliary_cache_size_mb: 32 });
    expect((config.destination_config as { destinations: unknown }).destinations).toEqual([
      { kind: 'Indexer', tls: 'Tls', endpoint: 'indexer.ns', port: 8081 },
      { kind: 'Validator', endpoint: 'proxy.other', port: 19100 },
    ]);
  });

  test('shards and proxies are ready when they serve gRPC health, on the port they bind', () => {
    for (const name of ['shards', 'proxy']) {
      const container = find(objects, 'StatefulSet', 'linera-prod-val-0', name).spec.template.spec.containers[0];
      expect(container.readinessProbe).toMatchObject({ grpc: { port: 19100 } });
      expect(container.image).toBe('us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release');
    }
  });

  test('storage init runs the client image, retries within a deadline, and the storage waits use the client too', () => {
    const job = find(objects, 'Job', 'linera-prod-val-0', 'storage-init');
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    const script = job.spec.template.spec.containers[0].command.at(-1) as string;
    expect(script).toMatch(/while :; do[\s\S]*storage initialize[\s\S]*retrying in 5s/);
    const wait = find(objects, 'StatefulSet', 'linera-prod-val-0', 'shards').spec.template.spec.initContainers[0];
    expect(wait.command.at(-1)).toContain('storage check-existence');
  });
});

describe('the gRPC Ingress', () => {
  const render = (sets: string[]) => {
    const { topology } = loadShipped('linera-production', ['linera.exposure.ingress.enabled=true', ...sets]);
    return renderObjects(topology, lineraMaterial(topology), { showSecrets: false });
  };

  test('terminates TLS with a certificate cert-manager issues for the validator\'s host name', () => {
    const objects = render([]);
    const ingress = find(objects, 'Ingress', 'linera-prod-val-1', 'proxy');
    expect(ingress.spec.tls).toEqual([{ hosts: ['validator-1.linera-prod.localhost'], secretName: 'proxy-tls' }]);
    expect(ingress.spec.rules[0].host).toBe('validator-1.linera-prod.localhost');
    expect(find(objects, 'Certificate', 'linera-prod-val-1', 'proxy-tls').spec).toEqual({
      secretName: 'proxy-tls',
      dnsNames: ['validator-1.linera-prod.localhost'],
      issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'proxy-tls' },
    });
    expect(find(objects, 'Issuer', 'linera-prod-val-1', 'proxy-tls').spec).toEqual({ selfSigned: {} });
  });

  test('uses an issuer of the cluster when the profile names one, and makes none of its own', () => {
    const objects = render(['linera.exposure.ingress.tls.issuer={kind: ClusterIssuer, name: letsencrypt-staging}']);
    expect(objects.filter((o) => o.kind === 'Issuer')).toEqual([]);
    expect(find(objects, 'Certificate', 'linera-prod-val-0', 'proxy-tls').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-staging' });
  });
});

describe('kind cluster config', () => {
  test('adds the pinned node image and one port mapping per reserved host port', () => {
    const { topology } = loadShipped('linera');
    const base = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n  - role: worker\n';
    const config = renderKindConfig(topology.cluster, base, 'base.yaml');
    expect(config.name).toBe('linera');
    expect(config.nodes.map((n) => n.image)).toEqual([topology.cluster.nodeImage, topology.cluster.nodeImage]);
    expect(config.nodes[0]?.extraPortMappings).toHaveLength(8);
    expect(config.nodes[0]?.extraPortMappings?.[2]).toEqual({ containerPort: 30102, hostPort: 19102, listenAddress: '127.0.0.1', protocol: 'TCP' });
    expect(config.nodes[1]?.extraPortMappings).toBeUndefined();
  });

  test('does not change when validators are added within the reservation', () => {
    const three = loadShipped('linera').topology.cluster;
    const five = loadShipped('linera', ['validators=5']).topology.cluster;
    const base = shippedText('linera') && 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: []\n';
    expect(renderKindConfig(five, base, 'b')).toEqual(renderKindConfig(three, base, 'b'));
  });

  describe('on the Docker host it will run on', () => {
    const { topology } = loadShipped('substrate');
    const base = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkubeadmConfigPatches:\n  - |\n    kind: ClusterConfiguration\n    apiServer: {}\nnodes:\n  - role: control-plane\n';
    const config = renderKindConfig(topology.cluster, base, 'base.yaml');

    test('a cgroup v1 host gets the kubelet patch after the base config\'s own, and a sentence saying so', () => {
      const adapted = adaptToHost(config, { cgroupVersion: 1 });
      expect(adapted.config.kubeadmConfigPatches).toEqual(['kind: ClusterConfiguration\napiServer: {}\n', 'kind: KubeletConfiguration\nfailCgroupV1: false\n']);
      expect(adapted.config.nodes).toEqual(config.nodes);
      expect(adapted.notes).toEqual([expect.stringContaining("the Docker host uses cgroup v1: the kind config sets the kubelet's failCgroupV1: false")]);
    });

    test('a cgroup v2 host, or a Docker that did not answer, gets the config as the profile makes it', () => {
      expect(adaptToHost(config, { cgroupVersion: 2 })).toEqual({ config, notes: [] });
      expect(adaptToHost(config, {})).toEqual({ config, notes: [] });
    });

    test('a base config that sets failCgroupV1 itself is left alone, and that is said', () => {
      const strict = renderKindConfig(topology.cluster, `${base.replace('nodes:', '  - |\n    kind: KubeletConfiguration\n    failCgroupV1: true\nnodes:')}`, 'strict.yaml');
      const adapted = adaptToHost(strict, { cgroupVersion: 1 });
      expect(adapted.config).toEqual(strict);
      expect(adapted.notes).toEqual(["the Docker host uses cgroup v1; the base kind config sets the kubelet's failCgroupV1 itself, so devnet adds nothing"]);
    });
  });
});
