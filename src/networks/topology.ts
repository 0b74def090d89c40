/**
 * The typed topology: what a profile means, before any Kubernetes object exists. Planners in
 * src/networks/<kind>/ produce it; src/render/ turns it (plus generated key material) into objects;
 * `devnet plan` and `devnet explain` print it.
 */

/**
 * One shell word: literal text, references to values only known inside the running pod, and
 * references to public key material (a peer id) filled in when keys exist.
 */
export type Word = readonly Segment[];
export type Segment = { text: string } | { env: RuntimeEnv } | { material: string };

/** Environment variables devnet sets in every pod from the downward API. */
export const RUNTIME_ENV = {
  DEVNET_NODE_IP: 'address of the Kubernetes node the pod runs on',
  DEVNET_POD_IP: 'address of the pod',
  DEVNET_BOOTSTRAP_ADDRESS: 'address of the bootstrap node, discovered by devnet at run time',
} as const;
export type RuntimeEnv = keyof typeof RUNTIME_ENV;

export interface PortPlan {
  name: string;
  /** Port the process binds inside the pod; the same for every replica. */
  port: number;
  protocol: 'TCP' | 'UDP';
  metrics: boolean;
  /**
   * The process listens on each replica's own NodePort instead of `port` (which then only names the
   * base): the pod spec cannot list it, and Services target the NodePort number itself.
   */
  bindsNodePort?: boolean;
}

/** A port reachable from the host: NodePort in the cluster, mapped to a host port by kind. */
export interface HostExposure {
  portName: string;
  protocol: 'TCP' | 'UDP';
  nodePort: number;
  hostPort: number;
}

export interface ReplicaPlan {
  ordinal: number;
  /** Index across the devnet (validator × replicas + ordinal) for template-driven networks. */
  index: number;
  pod: string;
  command: Word[];
  /** Ports of this replica alone (one NodePort Service per exposed replica). */
  exposures: HostExposure[];
  /** Environment of this replica alone, exported by its start script (values differ per replica). */
  env?: { name: string; value: Word }[];
}

export type EnvValue =
  | { value: string }
  | { secret: string; key: string }
  | { configMap: string; key: string; optional?: boolean }
  | { field: 'status.hostIP' | 'status.podIP' | 'metadata.name' | 'metadata.namespace' | typeof POD_INDEX_FIELD };

/** The StatefulSet ordinal of a pod, as the downward API gives it (the pod-index label). */
export const POD_INDEX_FIELD = "metadata.labels['apps.kubernetes.io/pod-index']";

export interface EnvVar {
  name: string;
  from: EnvValue;
}

export interface KeyPath {
  key: string;
  path: string;
}

export type VolumeSource =
  | { secret: string; items?: KeyPath[]; mode?: number }
  | { configMap: string; items?: KeyPath[] }
  | { projected: ({ secret: string; items: KeyPath[] } | { configMap: string; items: KeyPath[] })[]; mode?: number }
  | { emptyDir: true; medium?: 'Memory' };

export interface MountPlan {
  volume: string;
  path: string;
  source: VolumeSource;
  readOnly: boolean;
  /** Mount only this directory of the volume, named with $(VAR) from the container's env (Kubernetes subPathExpr). */
  subPathExpr?: string;
}

export interface ContainerPlan {
  name: string;
  image: string;
  /** argv; a single shell word list run by /bin/sh -c when `shell` is set. */
  command: string[];
  env: EnvVar[];
  mounts: MountPlan[];
}

export interface ResourcesPlan {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** How Kubernetes decides a replica is ready: the process serves, not merely listens. */
export type ReadinessPlan =
  | { kind: 'tcp'; port: string }
  | { kind: 'grpc'; port: string }
  | { kind: 'http'; port: string; path: string };

/** Which step of the readiness chain a component belongs to. */
export type Phase = 'storage' | 'init' | 'bootstrap' | 'shards' | 'proxies' | 'nodes' | 'exporter';
export const PHASE_ORDER: readonly Phase[] = ['storage', 'init', 'bootstrap', 'shards', 'proxies', 'nodes', 'exporter'];

export interface ComponentPlan {
  /** StatefulSet name, also the value of app.kubernetes.io/component. */
  name: string;
  /** Headless Service that gives each replica its DNS name (<pod>.<headless>.<namespace>.svc). */
  headless: string;
  workload: 'StatefulSet' | 'Job';
  /** One sentence for `devnet explain`: what this component does. */
  role: string;
  namespace: string;
  validator: number | null;
  phase: Phase;
  image: string;
  pullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  ports: PortPlan[];
  replicas: ReplicaPlan[];
  env: EnvVar[];
  mounts: MountPlan[];
  initContainers: ContainerPlan[];
  resources: ResourcesPlan;
  /** The readiness probe; without one, a TCP connect to the first non-metrics TCP port. */
  readiness?: ReadinessPlan;
  /** A Job's activeDeadlineSeconds: it fails when it has not completed by then. */
  deadlineSeconds?: number;
  /** The non-root user the image runs as (its Dockerfile's USER, as numbers); absent for a root image. */
  runAs?: { user: number; group: number };
  volumeClaim?: { name: string; size: string; storageClass: string; mountPath: string };
  /** A ClusterIP Service in front of all replicas (e.g. the proxy), with these ports. */
  clientService?: { name: string; ports: string[] };
  /** One NodePort Service for the whole component (load-balanced), e.g. a validator's proxy. */
  sharedExposure?: { service: string; exposures: HostExposure[] };
  /** Log-keyword health (kubevali's watchlog); see src/networks/health.ts. */
  health?: HealthPlan;
  /** Pod securityContext.fsGroup: the group that owns the pod's volumes. */
  fsGroup?: number;
  /** Where a bootstrap node tells its address once it runs (its REST API). */
  discovery?: { port: number; path: string };
  /** Who talks to this component, for `devnet explain`. */
  traffic: string[];
  /** Shell lines each replica's start script runs before its command (e.g. waiting for a value it needs). */
  prelude?: string;
  /**
   * Where the image comes from when no registry has it: the directory of its Dockerfile in devnet's
   * checkout or package, named in the error when the image is missing (see src/networks/local-images.ts).
   */
  imageSource?: { dockerfileDir: string };
}

export interface HealthPlan {
  /** A plain substring each replica's log must show at least once every `withinSeconds`. */
  keyword: string;
  withinSeconds: number;
  /** Where each replica reports: POST <url>/<check> when healthy, <url>/<check>/fail when not. */
  pings?: { url: string; checks: { pod: string; check: string }[] };
}

/** The cluster operators devnet installs (src/prereqs/versions.ts pins them). */
export type Operator = 'cert-manager' | 'scylla-operator';
/** Install order: scylla-operator's manifest holds cert-manager Issuers and Certificates. */
export const OPERATOR_ORDER: readonly Operator[] = ['cert-manager', 'scylla-operator'];

/** What one storage engine costs a devnet: its pods, what each reserves, and the operators it needs. */
export interface StorageCost {
  engine: string;
  pods: number;
  resources: ResourcesPlan;
  operators: Operator[];
}

export interface ScyllaPlan {
  name: string;
  namespace: string;
  validator: number | null;
  version: string;
  agentVersion: string;
  developerMode: boolean;
  members: number;
  datacenter: string;
  rack: string;
  resources: ResourcesPlan;
  capacity: string;
  storageClass: string;
  sysctls: string[];
  configMap: string;
  config: Record<string, string | number | boolean>;
  /** The host the client Service answers on, e.g. scylla-client.<ns>.svc.cluster.local. */
  clientHost: string;
}

/** A ConfigMap or Secret entry: literal text, or a reference to generated key material. */
export type DataEntry = { key: string; text: string } | { key: string; material: string };

export interface DataPlan {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace: string;
  validator: number | null;
  component: string;
  purpose: string;
  entries: DataEntry[];
  /** Left out of the rendered objects while this discovered value is still empty, so it is never applied blank. */
  untilDiscovered?: string;
}

export interface IngressPlan {
  kind: 'gateway' | 'ingress';
  name: string;
  namespace: string;
  validator: number;
  className: string;
  hostname: string;
  service: string;
  port: number;
  /** The cert-manager issuer of the Ingress certificate; absent: a self-signed Issuer of devnet's own. */
  issuer?: { kind: 'Issuer' | 'ClusterIssuer'; name: string };
}

export interface ValidatorPlan {
  index: number;
  name: string;
  namespace: string;
  /** Address clients use, as advertised in the committee (Linera) or per node (P2P), and the NodePort behind it. */
  endpoints: { label: string; address: string; nodePort: number }[];
  storageUri?: string;
}

export interface ClusterPlan {
  provider: 'kind' | 'existing';
  name: string;
  context?: string;
  nodeImage: string;
  base: string;
  listenAddress: string;
  /** Every host port the kind config reserves, including validators not deployed yet. */
  reserved: HostExposure[];
  /** The registry caches in front of the kind node (see src/render/registry-cache.ts). */
  cache: CachePlan;
  /** How many images up pulls into the node at a time. */
  pullConcurrency: number;
}

export interface CachePlan {
  enabled: boolean;
  image: string;
  prefix: string;
  /** Registry host → the URL its cache pulls from, where it is not the default. */
  remotes: Record<string, string>;
}

export interface Topology {
  name: string;
  /** The name of its kind in the registry (src/networks/registry.ts). */
  network: string;
  description?: string;
  cluster: ClusterPlan;
  namespaces: { name: string; validator: number | null }[];
  validators: ValidatorPlan[];
  components: ComponentPlan[];
  scylla: ScyllaPlan[];
  /** Operators the devnet needs installed before anything of it is applied, in install order. */
  prerequisites: Operator[];
  /** The storage engine's cost, beside the other engine's, for `devnet explain` (networks that have a choice). */
  storage?: { current: StorageCost; alternative: StorageCost };
  data: DataPlan[];
  ingresses: IngressPlan[];
  serviceMonitors: { enabled: boolean; interval: string };
  /** Names of the key material the renderer needs (see src/networks/material.ts). */
  material: MaterialRequest;
  /** Images devnet runs on this machine with Docker (the network's own key and genesis tools), if any. */
  toolImages?: string[];
  /** How traffic flows, one line each, for `devnet explain`. */
  flows: string[];
  /**
   * What devnet chose where the profile left the choice to it (e.g. a substrate chain for the node
   * count), with the reason, one sentence each: `devnet plan`, `explain` and `up` show them.
   */
  notes?: string[];
}

export type MaterialRequest =
  | { kind: 'linera'; validators: LineraValidatorRequest[]; genesis: LineraGenesisRequest }
  | {
      kind: 'replica-keys';
      keys: KeyRequest[];
      /** Public values devnet discovers at run time (e.g. the bootstrap address); empty until then. */
      discovered: string[];
    };

/** One secret key for one replica, in the file format its program reads. */
export interface KeyRequest {
  name: string;
  type: 'ed25519' | 'secp256k1';
  /** hex: the 32-byte secret as hex text; libp2p: libp2p's protobuf PrivateKey encoding (binary). */
  format: 'hex' | 'libp2p';
}

export interface LineraValidatorRequest {
  index: number;
  /** The validator options TOML given to `linera-server generate`. */
  optionsToml: string;
}

export interface LineraGenesisRequest {
  initialFunding: string;
  otherInitialChains: number;
  policy: string;
  networkName: string;
  /** RFC 3339; absent: the tool stamps the time it runs. */
  startTimestamp?: string;
}
