/** From a Linera profile to its topology: per validator, storage → init → shards → proxies → exporter. */
import type { LineraProfile } from './profile-schema.js';
import { clusterPlan, range } from '../common.js';
import { sharedNamespace, validatorName, validatorNamespace } from '../naming.js';
import { OPERATOR_ORDER, type ComponentPlan, type DataPlan, type IngressPlan, type Operator, type Topology } from '../topology.js';
import { blockExporter, proxies, shards, storageInit, validatorContext } from './components.js';
import { COMPONENTS, exporterToml, validatorOptionsToml } from './config-files.js';
import { advertisedPort, proxyExposure } from './ports.js';
import { SEEDED_START } from './profile-schema.js';
import { scyllaPlans, storageCosts, storageOperators, storageServers, storageUri } from './storage.js';

export function planLinera(profile: LineraProfile): Topology {
  const { linera } = profile;
  const validators = range(profile.validators);
  const shared = linera.storage.layout === 'shared';
  return {
    name: profile.name,
    network: 'linera',
    ...(profile.description === undefined ? {} : { description: profile.description }),
    cluster: clusterPlan(profile, (v) => [proxyExposure(profile, v)]),
    namespaces: [
      ...(shared ? [{ name: sharedNamespace(profile.name), validator: null }] : []),
      ...validators.map((v) => ({ name: validatorNamespace(profile.name, v), validator: v })),
    ],
    validators: validators.map((v) => ({
      index: v,
      name: validatorName(v),
      namespace: validatorNamespace(profile.name, v),
      endpoints: [{ label: 'gRPC (proxy)', address: `${linera.exposure.host}:${advertisedPort(profile, v)}`, nodePort: proxyExposure(profile, v).nodePort }],
      storageUri: storageUri(profile, v),
    })),
    components: [...storageServers(profile), ...validators.flatMap((v) => components(profile, v))],
    scylla: scyllaPlans(profile),
    prerequisites: prerequisites(profile),
    storage: storageCosts(profile),
    data: validators.flatMap((v) => data(profile, v)),
    ingresses: validators.flatMap((v) => ingresses(profile, v)),
    serviceMonitors: linera.serviceMonitor,
    // linera-server generate, create-genesis-config and the wallet's storage run on this machine (src/networks/linera/genesis.ts, src/tasks/up/wallet.ts).
    toolImages: [...new Set([linera.images.validator, linera.images.client])],
    material: {
      kind: 'linera',
      validators: validators.map((v) => ({ index: v, optionsToml: validatorOptionsToml(profile, v) })),
      genesis: {
        initialFunding: linera.genesis.initialFunding,
        otherInitialChains: linera.genesis.otherInitialChains,
        policy: linera.genesis.policy,
        networkName: linera.genesis.networkName ?? profile.name,
        ...startTimestamp(profile),
      },
    },
    flows: [
      'client (wallet, dApp) → localhost:<host port> → kind port mapping → NodePort → proxy (gRPC)',
      'proxy → the shard that owns the chain (hash of validator key and chain id), over gRPC inside the namespace',
      storageFlow(profile),
      ...(linera.blockExporter.enabled ? [exporterFlow(linera.blockExporter)] : []),
      ...exposureFlows(profile),
      'validators never talk to each other directly: clients carry certificates between them',
    ],
  };
}

/** The public way in, and whether it is encrypted: the Gateway devnet renders has no TLS listener. */
function exposureFlows(profile: LineraProfile): string[] {
  const { gateway, ingress } = profile.linera.exposure;
  if (gateway.enabled) {
    return ['client → Gateway (class ' + gateway.className + ') on port 80 → GRPCRoute → proxy: plaintext, NO TLS; gRPC travels unencrypted (exposure.ingress gives TLS)'];
  }
  if (ingress.enabled) return ['client → Ingress (class ' + ingress.className + ') on its TLS port, certificate from cert-manager → proxy (gRPC over HTTP/2)'];
  return [];
}

function storageFlow(profile: LineraProfile): string {
  const { storage } = profile.linera;
  if (storage.engine === 'service') {
    return `shards and proxies → linera-storage-server (gRPC ${storage.service.port}) → RocksDB on its volume, each validator in its own namespace (table_validator_N), ${storage.layout === 'shared' ? 'one server for the devnet' : 'a server per validator'}`;
  }
  return `shards and proxies → ScyllaDB (CQL 9042), each validator in its own table of keyspace kv (table_validator_N), ${storage.layout === 'shared' ? 'in one cluster for the devnet' : 'in its own cluster'}`;
}

/** The storage engine's operators; cert-manager also issues the Ingress certificates. */
function prerequisites(profile: LineraProfile): Operator[] {
  const needed = new Set<Operator>(storageOperators(profile.linera.storage));
  if (profile.linera.exposure.ingress.enabled) needed.add('cert-manager');
  return OPERATOR_ORDER.filter((o) => needed.has(o));
}

function exporterFlow(exporter: LineraProfile['linera']['blockExporter']): string {
  const targets = [...(exporter.committeeDestination ? ['the other validators of the committee'] : []), ...exporter.destinations.map((d) => (d.kind === 'Logging' ? `a log file (/data/${d.fileName})` : `${d.kind.toLowerCase()} ${d.endpoint}:${d.port}`))];
  return `shards → block exporter (gRPC 8882) → ${targets.length === 0 ? 'nowhere yet (no destinations)' : targets.join(', ')}`;
}

/** A seeded devnet gets a fixed start time, so its genesis (and every chain id) is the same each run. */
function startTimestamp(profile: LineraProfile): { startTimestamp?: string } {
  const given = profile.linera.genesis.startTimestamp ?? (profile.seed === undefined ? undefined : SEEDED_START);
  return given === undefined ? {} : { startTimestamp: given };
}

function components(profile: LineraProfile, v: number): ComponentPlan[] {
  const ctx = validatorContext(profile, v, storageUri(profile, v));
  return [storageInit(ctx), shards(ctx), proxies(ctx), ...(profile.linera.blockExporter.enabled ? [blockExporter(ctx)] : [])];
}

function data(profile: LineraProfile, v: number): DataPlan[] {
  const namespace = validatorNamespace(profile.name, v);
  const plans: DataPlan[] = [
    {
      kind: 'Secret',
      name: 'validator-config',
      namespace,
      validator: v,
      component: 'validator',
      purpose: 'the validator\'s server config, including its signing key (only ever in this Secret)',
      entries: [{ key: 'serverConfig', material: `validator-${v}/server.json` }],
    },
    {
      kind: 'ConfigMap',
      name: 'genesis',
      namespace,
      validator: v,
      component: 'validator',
      purpose: 'genesis and committee, public and the same for every validator',
      entries: [
        { key: 'genesis.json', material: 'genesis.json' },
        { key: 'committee.json', material: 'committee.json' },
      ],
    },
  ];
  const exporter = profile.linera.blockExporter;
  if (exporter.enabled) {
    plans.push({
      kind: 'ConfigMap',
      name: 'block-exporter-config',
      namespace,
      validator: v,
      component: COMPONENTS.exporter,
      purpose: 'one exporter config per replica, selected by its ordinal',
      entries: range(exporter.replicas).map((i) => ({ key: `exporter-${i}.toml`, text: exporterToml(profile, i) })),
    });
  }
  return plans;
}

function ingresses(profile: LineraProfile, v: number): IngressPlan[] {
  const exposure = profile.linera.exposure;
  const options = [
    { kind: 'gateway' as const, spec: exposure.gateway },
    { kind: 'ingress' as const, spec: exposure.ingress },
  ];
  return options
    .filter((option) => option.spec.enabled)
    .map((option) => ({
      kind: option.kind,
      name: COMPONENTS.proxy,
      namespace: validatorNamespace(profile.name, v),
      validator: v,
      className: option.spec.className,
      hostname: option.spec.hostname === undefined ? `${validatorName(v)}.${profile.name}.localhost` : `${validatorName(v)}.${option.spec.hostname}`,
      service: COMPONENTS.proxy,
      port: profile.linera.ports.proxyPublic,
      ...(option.kind === 'ingress' && exposure.ingress.tls.issuer !== undefined ? { issuer: exposure.ingress.tls.issuer } : {}),
    }));
}
