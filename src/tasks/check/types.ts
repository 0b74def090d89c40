/** What `devnet check` runs (assertions) and what it reports (outcomes). */
import type { Measurement } from '../../networks/check-kit.js';
import type { Probes } from '../../contracts/probes.js';
import type { Kube } from '../../kube/client.js';
import type { LoadedProfile } from '../load-profile.js';

export type Source = 'builtin' | 'profile' | 'flag';
export type Status = 'passed' | 'failed' | 'skipped';

export interface CheckContext {
  kube: Kube;
  loaded: LoadedProfile;
  /** Host the kind host ports listen on, as the host reaches them. */
  host: string;
  signal: AbortSignal;
  /** The network's own client, for its built-in checks (Linera's). */
  client?: Probes['client'];
  /** Where an assertion still waiting says so (stderr, with its name). */
  still?: (line: string) => void;
}

export interface Assertion {
  id: string;
  name: string;
  source: Source;
  kind: 'builtin' | 'log' | 'metric' | 'http' | 'grpc' | 'health';
  expected: string;
  /** Where to look when it fails: a command to run. */
  where: string;
  withinSeconds: number;
  run(ctx: CheckContext): Promise<Result>;
}

export interface Result {
  status: Status;
  seen: string;
  measurements: Measurement[];
}

export interface Outcome extends Omit<Assertion, 'run'>, Result {
  durationMs: number;
}
