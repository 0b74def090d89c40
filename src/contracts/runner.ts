/**
 * What networks need from the process runner, declared here so the pure layers never import the
 * module that runs programs (src/system/process.ts implements it).
 */

export interface RunOptions {
  /** Text written to the program's standard input (never shown in messages). */
  input?: string;
  signal?: AbortSignal | undefined;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Return a failed result instead of throwing. */
  allowFailure?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** One program run in a container image, the way the network's own tools run on a user's machine. */
export interface ContainerRun {
  image: string;
  /** argv inside the image; without it, the image's /bin/sh runs the script given as `input`. */
  command?: readonly string[];
  input?: string;
  /** none: no network at all (key generation); host: the host's, where the devnet's endpoints answer. */
  network: 'none' | 'host';
  /** Host directories the container sees at the same path, written as the calling user. */
  mounts?: readonly string[];
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /** Return a failed result instead of throwing. */
  allowFailure?: boolean;
}

export type ContainerRunner = (run: ContainerRun) => Promise<RunResult>;
