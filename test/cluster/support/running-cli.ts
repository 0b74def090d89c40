/** A long-running devnet command (-f, --follow, --watch) run in-process: its output as it grows, and Ctrl-C. */
import { liveCli, type WaitOptions } from '../../support/live-cli.js';

export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves once `needle` is in stdout (or `stream`) after offset `from`; fails after `timeoutMs`, or when the command exits first. */
  waitFor(needle: string | RegExp, options?: WaitOptions): Promise<void>;
  /** The exit code, once the command ends by itself. */
  done(): Promise<CliExit>;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<CliExit>;
}

export interface CliExit {
  code: number;
  stdout: string;
  stderr: string;
}

export function runningCli(args: string[], env: Record<string, string | undefined>): RunningCli {
  const live = liveCli(args, env);
  return {
    stdout: live.stdout,
    stderr: live.stderr,
    waitFor: (needle, { timeoutMs = 30_000, from = 0, stream = 'stdout' } = {}) => live.waitFor(needle, { timeoutMs, from, stream }),
    done: () => live.exited,
    stop: async () => {
      await live.interrupt();
      return live.exited;
    },
  };
}
