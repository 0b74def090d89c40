/**
 * The parts of one Linera validator: a storage-init Job, the shards, the proxies and the optional
 * block exporter. Every process binds the same ports in every replica; each replica's command
 * line differs only in its shard / proxy / exporter id, which is its StatefulSet ordinal.
 */
import type { LineraProfile } from './profile-schema.js';
import { DOWNWARD_ENV, range } from '../common.js';
import { parseDuration } from '../duration.js';
import { healthPlan, type HealthSpec } from '../health.js';
import { podName, validatorNamespace } from '../naming.js';
import type { ComponentPlan, ContainerPlan, EnvVar, MountPlan, PortPlan, ReplicaPlan, Word } from '../topology.js';
import { COMPONENTS, EXPORTER_DATA_DIR } from './config-files.js';
import { proxyExposure } from './ports.js';
import { storageClassOf } from './storage.js';
import { flagWords, words } from './words.js';

type Linera = LineraProfile['linera'];

export const CONFIG_DIR = '/config';
export const EXPORTER_CONFIG_DIR = '/exporter-config';



export interface ValidatorContext {
  profile: LineraProfile;
  validator: number;
  namespace: string;
  storageUri: string;
}

export function validatorContext(profile: LineraProfile, validator: number, storageUri: string): ValidatorContext {
  return { profile, validator, namespace: validatorNamespace(profile.name, validator), storageUri };
}

/** The database a validator's processes reach, in words for `devnet explain`. */
function database(linera: Linera): { name: string; via: string } {
  if (linera.storage.engine === 'service') return { name: 'linera-storage-server', via: `gRPC (${linera.storage.service.port})` };
  return { name: 'ScyllaDB', via: 'CQL (9042)' };
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

/**
 * Genesis and committee alone, for what needs no signing key: `linera storage initialize` takes
 * --storage and --genesis only (see storageInitScript), so the Job never sees server.json.
 */
function genesisMount(): MountPlan {
  return {
    volume: 'config',
    path: CONFIG_DIR,
    readOnly: true,
    source: { configMap: 'genesis', items: [{ key: 'genesis.json', path: 'genesis.json' }, { key: 'committee.json', path: 'committee.json' }] },
  };
}

/**
 * Blocks a pod (after a restart, say) until this validator's storage exists. `check-existence` exits 0
 * when the namespace exists and 1 when it does not or on any error (linera-service 0.15.23
 * src/cli/main.rs, `DatabaseToolCommand::CheckExistence`): both mean "not yet" here.
 */
function waitForStorage(ctx: ValidatorContext): ContainerPlan {
  const { linera } = ctx.profile;
  const script = [
    `until ${linera.binaries.client} storage check-existence --storage '${ctx.storageUri}'; do`,
    '  echo "devnet: waiting for the storage-init Job to initialise storage"; sleep 2',
    'done',
  ].join('\n');
  return { name: 'wait-for-storage', image: linera.images.client, command: ['/bin/sh', '-c', script], env: [], mounts: [] };
}

function replicas(component: string, count: number, command: (ordinal: number) => Word[]): ReplicaPlan[] {
  return range(count).map((ordinal) => ({ ordinal, index: ordinal, pod: podName(component, ordinal), command: command(ordinal), exposures: [] }));
}

/** Health rules index replicas across the devnet, validator by validator: validator × replicas + ordinal. */
function health(ctx: ValidatorContext, spec: HealthSpec | undefined, component: string, count: number) {
  return healthPlan(spec, range(count).map((ordinal) => ({ index: ctx.validator * count + ordinal, namespace: ctx.namespace, pod: podName(component, ordinal) })));
}

type Base = Pick<ComponentPlan, 'name' | 'headless' | 'workload' | 'namespace' | 'validator' | 'image' | 'pullPolicy' | 'env' | 'initContainers'>;

function base(ctx: ValidatorContext, name: string, image: string, headless = name): Base {
  const { linera } = ctx.profile;
  return {
    name,
    headless,
    workload: 'StatefulSet',
    namespace: ctx.namespace,
    validator: ctx.validator,
    image,
    pullPolicy: linera.imagePullPolicy,
    env: env(linera),
    initContainers: [waitForStorage(ctx)],
  };
}

/**
 * `linera storage initialize` until it succeeds: it is idempotent for the same genesis and refuses
 * another one ("storage already initialized", linera-core 0.15.23 src/genesis_config.rs
 * `initialize_storage`), and any other error (the database not reachable yet, a timeout) is worth
 * another try, as upstream's chart loops on it (kubernetes/linera-validator/templates/shards.yaml at
 * a8891ee041). The Job's activeDeadlineSeconds bounds the whole loop.
 */
export function storageInitScript(ctx: ValidatorContext): string {
  const { linera } = ctx.profile;
  const uri = ctx.storageUri;
  return [
    'attempt=0',
    'while :; do',
    '  attempt=$((attempt + 1))',
    `  echo "devnet: linera storage initialize, attempt $attempt"`,
    `  ${linera.binaries.client} storage initialize --storage '${uri}' --genesis ${CONFIG_DIR}/genesis.json --storage-replication-factor ${linera.storage.replicationFactor} >/tmp/initialize.log 2>&1`,
    '  status=$?',
    '  cat /tmp/initialize.log',
    '  if [ "$status" -eq 0 ]; then echo "devnet: storage initialised after $attempt attempt(s)"; exit 0; fi',
    '  if grep -q "already initialized" /tmp/initialize.log; then',
    '    echo "devnet: this storage holds another network (another genesis); devnet up recreates the validator when its genesis changes" >&2; exit 3',
    '  fi',
    '  echo "devnet: attempt $attempt failed (exit $status), retrying in 5s"; sleep 5',
    'done',
  ].join('\n');
}

export function storageInit(ctx: ValidatorContext): ComponentPlan {
  const { linera } = ctx.profile;
  return {
    ...base(ctx, 'storage-init', linera.images.client),
    workload: 'Job',
    deadlineSeconds: parseDuration(linera.storage.initDeadline),
    role: `Initialises this validator's storage from genesis, retrying until ${database(linera).name} takes it; shards, proxies and exporters wait for it.`,
    phase: 'init',
    ports: [],
    replicas: [{ ordinal: 0, index: 0, pod: 'storage-init', command: words('/bin/sh', '-c', storageInitScript(ctx)), exposures: [] }],
    mounts: [genesisMount()],
    initContainers: [],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    traffic: [`writes the genesis chains into ${database(linera).name} over ${database(linera).via}`],
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
    ...base(ctx, COMPONENTS.shards, linera.images.validator),
    role: 'Shards execute the chains: each owns the chains that hash to it and keeps their state in storage.',
    phase: 'shards',
    ports,
    // Shards serve grpc.health.v1 on their port (linera-rpc 0.15.23 src/grpc/server.rs:488-530).
    readiness: { kind: 'grpc', port: 'grpc' },
    replicas: replicas(COMPONENTS.shards, linera.shards.replicas, command),
    mounts: [configMount()],
    resources: linera.shards.resources,
    ...health(ctx, linera.shards.health, COMPONENTS.shards, linera.shards.replicas),
    traffic: ['proxies forward each request to the shard that owns the chain (gRPC 19100)', `shards read and write chain state in ${database(linera).name}`],
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
    ...base(ctx, COMPONENTS.proxy, linera.images.validator, COMPONENTS.proxyInternal),
    role: 'Proxies are the validator\'s front door: they take client gRPC requests and route each to the right shard.',
    phase: 'proxies',
    ports,
    // The proxy serves grpc.health.v1 on its public port (linera-service 0.15.23 src/proxy/grpc.rs:494-534).
    readiness: { kind: 'grpc', port: 'grpc' },
    replicas: replicas(COMPONENTS.proxy, linera.proxies.replicas, command),
    mounts: [configMount()],
    resources: linera.proxies.resources,
    ...health(ctx, linera.proxies.health, COMPONENTS.proxy, linera.proxies.replicas),
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
    ...base(ctx, COMPONENTS.exporter, linera.images.exporter),
    role: 'The block exporter reads new blocks from this validator\'s storage and sends them to its destinations (indexers, log files, other validators).',
    phase: 'exporter',
    ports,
    // /health on the metrics port: 200, or 500 once an export task failed (linera-exporter 0.15.23
    // src/main.rs `start_health_server`).
    readiness: { kind: 'http', port: 'metrics', path: '/health' },
    replicas: replicas(COMPONENTS.exporter, exporter.replicas, command),
    mounts: [{ volume: 'exporter-config', path: EXPORTER_CONFIG_DIR, readOnly: true, source: { configMap: 'block-exporter-config' } }],
    resources: exporter.resources,
    ...health(ctx, exporter.health, COMPONENTS.exporter, exporter.replicas),
    volumeClaim: { name: 'exporter-data', size: exporter.storageSize, storageClass: storageClassOf(linera.storage), mountPath: EXPORTER_DATA_DIR },
    traffic: ['the validator notifies its exporters of new blocks (gRPC 8882)', 'exporters send blocks to the destinations in their config'],
  };
}
