/**
 * The parts of one Linera validator: a storage-init Job, the shards, the proxies and the optional
 * block exporter. Every process binds the same ports in every replica; each replica's command
 * line differs only in its shard / proxy / exporter id, which is its StatefulSet ordinal.
 */
import type { LineraProfile } from '../../config/schema.js';
import { DOWNWARD_ENV, range } from '../common.js';
import { podName, validatorNamespace } from '../naming.js';
import type { ComponentPlan, ContainerPlan, EnvVar, MountPlan, PortPlan, ReplicaPlan, Word } from '../topology.js';
import { COMPONENTS } from './config-files.js';
import { proxyExposure } from './ports.js';

type Linera = LineraProfile['linera'];

export const CONFIG_DIR = '/config';
export const EXPORTER_CONFIG_DIR = '/exporter-config';

const words = (...parts: (string | number)[]): Word[] => parts.map((part) => [{ text: String(part) }]);

/** camelCase flags from the profile as --kebab-case words; false and null are left out. */
export function flagWords(flags: Linera['shards']['flags']): Word[] {
  return Object.entries(flags).flatMap(([name, value]) => {
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === false || value === null) return [];
    return value === true ? words(flag) : words(flag, value);
  });
}

export interface ValidatorContext {
  profile: LineraProfile;
  validator: number;
  namespace: string;
  storageUri: string;
}

export function validatorContext(profile: LineraProfile, validator: number, storageUri: string): ValidatorContext {
  return { profile, validator, namespace: validatorNamespace(profile.name, validator), storageUri };
}

function env(linera: Linera): EnvVar[] {
  return [{ name: 'RUST_LOG', from: { value: linera.logLevel } }, ...DOWNWARD_ENV.map((e) => ({ name: e.name, from: { ...e.from } }))];
}

/** server.json (the signing key, from the Secret) and genesis.json / committee.json (public) in one directory. */
function configMount(): MountPlan {
  return {
    volume: 'config',
    path: CONFIG_DIR,
    readOnly: true,
    source: {
      projected: [
        { secret: 'validator-config', items: [{ key: 'serverConfig', path: 'server.json' }] },
        { configMap: 'genesis', items: [{ key: 'genesis.json', path: 'genesis.json' }, { key: 'committee.json', path: 'committee.json' }] },
      ],
      mode: 0o400,
    },
  };
}

/** Blocks a pod until `linera storage initialize` has run for this validator. */
function waitForStorage(ctx: ValidatorContext): ContainerPlan {
  const { linera } = ctx.profile;
  const script = [
    `until ${linera.binaries.client} storage check-existence --storage '${ctx.storageUri}'; do`,
    '  echo "devnet: waiting for the storage-init Job to initialise storage"; sleep 2',
    'done',
  ].join('\n');
  return { name: 'wait-for-storage', image: linera.image, command: ['/bin/sh', '-c', script], env: [], mounts: [] };
}

function replicas(component: string, count: number, command: (ordinal: number) => Word[]): ReplicaPlan[] {
  return range(count).map((ordinal) => ({ ordinal, index: ordinal, pod: podName(component, ordinal), command: command(ordinal), exposures: [] }));
}

type Base = Pick<ComponentPlan, 'name' | 'headless' | 'workload' | 'namespace' | 'validator' | 'image' | 'pullPolicy' | 'env' | 'initContainers'>;

function base(ctx: ValidatorContext, name: string, headless = name): Base {
  const { linera } = ctx.profile;
  return {
    name,
    headless,
    workload: 'StatefulSet',
    namespace: ctx.namespace,
    validator: ctx.validator,
    image: linera.image,
    pullPolicy: linera.imagePullPolicy,
    env: env(linera),
    initContainers: [waitForStorage(ctx)],
  };
}

export function storageInit(ctx: ValidatorContext): ComponentPlan {
  const { linera } = ctx.profile;
  const uri = ctx.storageUri;
  const client = linera.binaries.client;
  const script = [
    'while :; do',
    `  ${client} storage check-existence --storage '${uri}'; status=$?`,
    '  if [ "$status" -eq 0 ]; then echo "devnet: storage already initialised"; exit 0; fi',
    `  if [ "$status" -eq 1 ]; then exec ${client} storage initialize --storage '${uri}' --genesis ${CONFIG_DIR}/genesis.json --storage-replication-factor ${linera.storage.replicationFactor}; fi`,
    '  echo "devnet: storage not reachable yet (exit $status), retrying in 5s"; sleep 5',
    'done',
  ].join('\n');
  return {
    ...base(ctx, 'storage-init'),
    workload: 'Job',
    role: 'Initialises this validator\'s storage from genesis, once; shards, proxies and exporters wait for it.',
    phase: 'init',
    ports: [],
    replicas: [{ ordinal: 0, index: 0, pod: 'storage-init', command: words('/bin/sh', '-c', script), exposures: [] }],
    mounts: [configMount()],
    initContainers: [],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    traffic: ['writes the genesis chains into ScyllaDB over CQL (9042)'],
  };
}

export function shards(ctx: ValidatorContext): ComponentPlan {
  const { linera } = ctx.profile;
  const ports: PortPlan[] = [
    { name: 'grpc', port: linera.ports.shard, protocol: 'TCP', metrics: false },
    { name: 'metrics', port: linera.ports.metrics, protocol: 'TCP', metrics: true },
  ];
  const command = (ordinal: number) => [
    ...words(linera.binaries.server, 'run', '--storage', ctx.storageUri, '--server', `${CONFIG_DIR}/server.json`, '--shard', ordinal),
    ...words('--storage-replication-factor', linera.storage.replicationFactor),
    ...flagWords(linera.shards.flags),
  ];
  return {
    ...base(ctx, COMPONENTS.shards),
    role: 'Shards execute the chains: each owns the chains that hash to it and keeps their state in storage.',
    phase: 'shards',
    ports,
    replicas: replicas(COMPONENTS.shards, linera.shards.replicas, command),
    mounts: [configMount()],
    resources: linera.shards.resources,
    traffic: ['proxies forward each request to the shard that owns the chain (gRPC 19100)', 'shards read and write chain state in ScyllaDB'],
  };
}

export function proxies(ctx: ValidatorContext): ComponentPlan {
  const { linera } = ctx.profile;
  const ports: PortPlan[] = [
    { name: 'grpc', port: linera.ports.proxyPublic, protocol: 'TCP', metrics: false },
    { name: 'private', port: linera.ports.proxyPrivate, protocol: 'TCP', metrics: false },
    { name: 'metrics', port: linera.ports.metrics, protocol: 'TCP', metrics: true },
  ];
  const command = (ordinal: number) => [
    ...words(linera.binaries.proxy, '--storage', ctx.storageUri, '--storage-replication-factor', linera.storage.replicationFactor),
    ...flagWords(linera.proxies.flags),
    ...words('--id', ordinal, `${CONFIG_DIR}/server.json`),
  ];
  return {
    ...base(ctx, COMPONENTS.proxy, COMPONENTS.proxyInternal),
    role: 'Proxies are the validator\'s front door: they take client gRPC requests and route each to the right shard.',
    phase: 'proxies',
    ports,
    replicas: replicas(COMPONENTS.proxy, linera.proxies.replicas, command),
    mounts: [configMount()],
    resources: linera.proxies.resources,
    clientService: { name: COMPONENTS.proxy, ports: ['grpc', 'metrics'] },
    sharedExposure: { service: 'proxy-public', exposures: [proxyExposure(ctx.profile, ctx.validator)] },
    traffic: ['wallets and dApps on the host → NodePort → proxy (gRPC)', 'shards → proxy on the private port (20100) for cross-chain notifications'],
  };
}

export function blockExporter(ctx: ValidatorContext): ComponentPlan {
  const { linera } = ctx.profile;
  const exporter = linera.blockExporter;
  const ports: PortPlan[] = [
    { name: 'grpc', port: exporter.ports.grpc, protocol: 'TCP', metrics: false },
    { name: 'metrics', port: exporter.ports.metrics, protocol: 'TCP', metrics: true },
  ];
  const command = (ordinal: number) =>
    words(linera.binaries.exporter, 'run', '--storage', ctx.storageUri, '--config-path', `${EXPORTER_CONFIG_DIR}/exporter-${ordinal}.toml`, '--metrics-port', exporter.ports.metrics);
  return {
    ...base(ctx, COMPONENTS.exporter),
    image: exporter.image ?? linera.image,
    role: 'The block exporter reads new blocks from this validator\'s storage and pushes them to the other validators and indexers.',
    phase: 'exporter',
    ports,
    replicas: replicas(COMPONENTS.exporter, exporter.replicas, command),
    mounts: [{ volume: 'exporter-config', path: EXPORTER_CONFIG_DIR, readOnly: true, source: { configMap: 'block-exporter-config' } }],
    resources: exporter.resources,
    volumeClaim: { name: 'exporter-data', size: exporter.storageSize, storageClass: linera.storage.scylla.storageClass, mountPath: '/data' },
    traffic: ['the validator notifies its exporters of new blocks (gRPC 8882)', 'exporters push blocks to the committee and configured destinations'],
  };
}
