/**
 * View models and the data source the dashboard is fed by. Components only display these; the
 * source (watches and log streams against the cluster, or a simulation in tests and benchmarks)
 * lives outside src/tui and is injected.
 */

/** What a glyph and colour summarise: the state a person cares about, not the raw phase. */
export type PodState =
  | 'ready' // running and Ready
  | 'starting' // running, not Ready yet (probe or init containers)
  | 'pending' // not scheduled or containers not created yet
  | 'waiting' // a container is waiting for a reason that may heal (ContainerCreating, PodInitializing)
  | 'failing' // a reason that will not heal on its own: CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError
  | 'succeeded' // a Job pod that finished
  | 'failed'
  | 'terminating'
  | 'unknown';

export interface PodRow {
  /** `namespace/name`, unique across the devnet. */
  key: string;
  namespace: string;
  name: string;
  validator: number | null;
  component: string;
  state: PodState;
  /** Ready containers over all containers, e.g. "1/2". */
  ready: string;
  restarts: number;
  /** Creation time, epoch milliseconds; the display computes the age from its clock. */
  createdAt?: number;
  /** Why it is not ready, e.g. "CrashLoopBackOff", "Unschedulable", "readiness probe failing". */
  reason?: string;
  message?: string;
  /** The previous container ended with this exit code (after a restart). */
  lastExitCode?: number;
  /** Host endpoint of this replica alone (its own NodePort), when it has one. */
  endpoint?: string;
  /** Log-keyword health, for pods of a component with a `health:` rule. */
  health?: PodHealth;
  /** Faults devnet chaos put on this pod by name. */
  faults?: FaultMark[];
}

/** A fault in force on a row, as `devnet chaos` recorded it. */
export interface FaultMark {
  action: 'stop' | 'partition' | 'loss' | 'bandwidth' | 'latency';
  /** What it does to the row, in a word or two: "stopped", "loss 20%". */
  text: string;
}

/**
 * A replica's log-keyword health at one moment (src/tasks/health/evaluate.ts decides it; the
 * display words it with healthText, counting from these times with its own clock).
 */
export interface PodHealth {
  /** healthy: the keyword appeared within the last `withinSeconds`; unhealthy: it did not; waiting: not for that long yet. */
  state: 'healthy' | 'unhealthy' | 'waiting';
  keyword: string;
  withinSeconds: number;
  /** The last match in the current container, epoch milliseconds. */
  lastMatchAt?: number;
  /** Without a match: since when the current container's log has been watched (its start, or as far back as devnet read). */
  watchedSince?: number;
  /** watchedSince is where devnet started reading, not the container's start: an older match may exist unread. */
  readFrom?: boolean;
}

export interface ComponentView {
  name: string;
  /** One sentence on what it does (from the topology), for newcomers. */
  role: string;
  workload: 'StatefulSet' | 'Job' | 'ScyllaCluster';
  namespace: string;
  desired: number;
  ready: number;
  /** Host endpoint(s), e.g. "localhost:19100", for exposed components. */
  endpoints: string[];
  pods: PodRow[];
  /** Faults on this component (or on this component of every validator). */
  faults?: FaultMark[];
}

export interface ValidatorView {
  /** null for what validators share (a shared ScyllaCluster, a bootstrap node). */
  index: number | null;
  name: string;
  namespace: string;
  endpoints: string[];
  components: ComponentView[];
  /** Faults on the validator as a whole. */
  faults?: FaultMark[];
  /** Whether its public endpoint answered a client on this machine, as last probed; absent where nobody probes. */
  reach?: EndpointReach;
}

/** The last answer of a validator's public endpoint (Linera: its proxy's gRPC health) to a probe from this machine. */
export interface EndpointReach {
  address: string;
  answers: boolean;
  /** Since when (epoch milliseconds) it answers, or has not answered: the first probe that saw it so. */
  since: number;
  /** Why it did not answer, in the words of the probe that first saw it so. */
  reason?: string;
}

/** What one transfer the dashboard asked for came to, timed from the key press. */
export type TransferResult =
  | { certified: true; seconds: number }
  /** `silent`: the validators whose endpoint did not answer the probe when it gave up ("validator-1"). */
  | { certified: false; seconds: number; reason: string; silent: string[] };

export interface PhaseTiming {
  name: string;
  seconds: number;
  /** What the phase moved, e.g. "3 images, 958 MB" for the pre-pull. */
  detail?: string;
}

export interface DashboardHeader {
  devnet: string;
  network: string;
  context: string;
  /** Per-phase timings of the last `up`, when the dashboard follows one. */
  phases: PhaseTiming[];
}

export interface TopologyView {
  header: DashboardHeader;
  validators: ValidatorView[];
  /** The faults in force and what they leave of the network; absent where nobody reads the record. */
  chaos?: ChaosSummary;
}

export interface ChaosSummary {
  /** Each fault in force, in words: "validator-1 stopped". */
  faults: string[];
  /** For networks with a quorum: how many validators may fail, and how many a stop or partition takes out now. */
  tolerance?: { validators: number; mayFail: number; down: number };
}

/** An action the dashboard's keys ask for, on a target as `devnet chaos` names it ("validator-1", "validator-0/proxy-0"). */
export type ChaosRequest =
  | { action: 'stop' | 'start' | 'kill' | 'partition' | 'heal'; target: string }
  | { action: 'clear' };

export interface LogLine {
  /** Monotonic per source; the display keeps order by it. */
  seq: number;
  /** PodRow.key of the pod the line came from. */
  pod: string;
  podName: string;
  container: string;
  text: string;
  /** RFC 3339 timestamp from the API, when known. */
  time?: string;
  /** From the previous container (after a restart), not the current one. */
  previous: boolean;
}

/** Markers in the log stream, like stern's + and -. */
export type LogEvent =
  | { kind: 'pod-added'; pod: string }
  | { kind: 'pod-removed'; pod: string }
  | { kind: 'container-restarted'; pod: string; container: string; restarts: number }
  | { kind: 'reconnecting'; pod: string; reason: string }
  | { kind: 'dropped'; count: number };

export type LogSelection =
  | { kind: 'all' }
  | { kind: 'validator'; index: number | null }
  | { kind: 'component'; validator: number | null; component: string }
  | { kind: 'pod'; pod: string };

export interface LogOptions {
  /** The previous container's log instead of the current one. */
  previous: boolean;
  /** How many existing lines to start from. */
  tail: number;
}

export interface DescribeTarget {
  kind: 'pod' | 'component' | 'validator';
  /** PodRow.key, `namespace/component` or the validator's namespace. */
  id: string;
}

export type Unsubscribe = () => void;

export interface DashboardSource {
  /** Calls `listener` with the whole view now and on every change. */
  topology(listener: (view: TopologyView) => void): Unsubscribe;
  /** Streams lines (in batches) and events for the selection until unsubscribed. */
  logs(selection: LogSelection, options: LogOptions, onLines: (lines: LogLine[]) => void, onEvent: (event: LogEvent) => void): Unsubscribe;
  /** Events, conditions and why a resource is not ready, as display lines. */
  describe(target: DescribeTarget): Promise<string[]>;
  /** Removes the devnet (after the user confirmed). */
  teardown(): Promise<void>;
  /** Applies or undoes a fault (after the user confirmed) and says what it saw; absent where faults cannot be made. */
  chaos?(request: ChaosRequest): Promise<string>;
  /** Makes one transfer with the wallet `up` handed over (Linera); absent where the network has none. */
  transfer?(): Promise<TransferResult>;
}
