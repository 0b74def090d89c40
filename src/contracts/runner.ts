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
