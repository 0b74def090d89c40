/** A long-running devnet command (-f, --follow, --watch) run in-process: its output as it grows, and Ctrl-C. */
import { main } from '../../../src/cli/main.js';
import type { Io } from '../../../src/system/io.js';

export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves once `needle` is in stdout (or stderr) after offset `from`; fails after `timeoutMs`, or when the command exits first. */
  waitFor(needle: string | RegExp, options?: { timeoutMs?: number; from?: number; stream?: 'stdout' | 'stderr' }): Promise<void>;
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
  let stdout = '';
  let stderr = '';
  let exited: number | undefined;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const controller = new AbortController();
  const io: Io = {
    stdout: { write: (text: string) => ((stdout += text), notify(), true), isTTY: false },
    stderr: { write: (text: string) => ((stderr += text), notify(), true), isTTY: false },
    env: { ...process.env, NO_COLOR: '1', ...env },
    cwd: process.cwd(),
    signal: controller.signal,
  };
  const exit = main(args, io).then((code) => ((exited = code), notify(), code));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(needle, { timeoutMs = 30_000, from = 0, stream = 'stdout' } = {}) {
      const text = () => (stream === 'stdout' ? stdout : stderr);
      const found = () => (typeof needle === 'string' ? text().indexOf(needle, from) >= 0 : needle.test(text().slice(from)));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (found()) finish(resolve);
          else if (exited !== undefined) finish(() => reject(new Error(`devnet ${args[0]} exited (${exited}) before ${String(needle)}.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${String(needle)} did not arrive within ${timeoutMs}ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async done() {
      return { code: await exit, stdout, stderr };
    },
    async stop() {
      controller.abort();
      return { code: await exit, stdout, stderr };
    },
  };
}
