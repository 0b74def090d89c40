/**
 * Typed errors. Every error a user can cause or fix carries a hint (what to do next) and maps to
 * one documented exit code; anything else is a bug and is reported with its stack.
 */

export const ExitCode = {
  ok: 0,
  /** The input is wrong: a profile, a flag value, a file. */
  userError: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** The machine is missing something: Docker, kind, free ports, kernel limits. */
  environment: 3,
  /** The devnet did not become ready: the deadline passed, or a pod failed in a way waiting cannot fix. */
  notReady: 4,
  /** The cluster refused or failed a request. */
  cluster: 5,
  /** devnet check: the devnet runs, but an assertion about it did not hold. */
  checkFailed: 6,
  /** devnet chaos: a fault did not take hold (its probe said so), or could not be undone. */
  chaosFailed: 7,
  /** An unexpected error: a bug in devnet. */
  bug: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorOptions {
  hint?: string | undefined;
  details?: readonly string[] | undefined;
  cause?: unknown;
}

export abstract class DevnetError extends Error {
  abstract readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

export class UserError extends DevnetError {
  readonly exitCode = ExitCode.userError;
}

export class UsageError extends DevnetError {
  readonly exitCode = ExitCode.usage;
}

export class EnvironmentError extends DevnetError {
  readonly exitCode = ExitCode.environment;
}

export class NotReadyError extends DevnetError {
  readonly exitCode = ExitCode.notReady;
  /** Structured reason (pod, reason, log tail) for --json output. */
  readonly diagnosis: unknown;

  constructor(message: string, options: ErrorOptions & { diagnosis?: unknown } = {}) {
    super(message, options);
    this.diagnosis = options.diagnosis;
  }
}

export class TimeoutError extends NotReadyError {}

export class ClusterError extends DevnetError {
  readonly exitCode = ExitCode.cluster;
}

/** One or more assertions of devnet check failed (each was reported with what was seen). */
export class CheckFailedError extends DevnetError {
  readonly exitCode = ExitCode.checkFailed;
}

/** A fault did not take hold (its probe said so) or could not be undone; what was applied is undone or named. */
export class ChaosError extends DevnetError {
  readonly exitCode = ExitCode.chaosFailed;
}

export class InterruptedError extends DevnetError {
  readonly exitCode = ExitCode.interrupted;
  constructor(message = 'Interrupted.', options: ErrorOptions = {}) {
    super(message, options);
  }
}

/** An external program failed; names the command it ran so the user can run it by hand. */
export class ExternalCommandError extends EnvironmentError {
  readonly command: string;
  /** The program's exit status, when it ran and failed (undefined: it could not start). */
  readonly exitStatus: number | undefined;

  constructor(message: string, command: string, options: ErrorOptions & { exitStatus?: number } = {}) {
    super(message, options);
    this.command = command;
    this.exitStatus = options.exitStatus;
  }
}

export function isDevnetError(error: unknown): error is DevnetError {
  return error instanceof DevnetError;
}
