/**
 * The whole CLI in-process, watched while it runs: its output as it grows, waiting for a line to
 * appear, and Ctrl-C (the abort signal main() gets from bin/devnet.js).
 */
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/system/io.js';
import { waitForText } from './wait-text.js';

export interface LiveCli {
  stdout(): string;
  stderr(): string;
  /**
   * Resolves once `needle` is in stdout or stderr (or only `stream`, after offset `from`); rejects
   * when the command ends first or after `timeoutMs`.
   */
  waitFor(needle: string | RegExp | (() => boolean), options?: number | WaitOptions): Promise<void>;
  /** Ctrl-C, then the exit code. */
  interrupt(): Promise<number>;
  exited: Promise<{ code: number; stdout: string; stderr: string }>;
}

export interface WaitOptions {
  timeoutMs?: number;
  from?: number;
  stream?: 'stdout' | 'stderr';
}

export function liveCli(args: string[], env: Record<string, string | undefined>): LiveCli {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
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
  const exited = main(args, io).then((c) => {
    code = c;
    notify();
    return { code: c, stdout, stderr };
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (needle, options = {}) => {
      const { timeoutMs = 60_000, from = 0, stream } = typeof options === 'number' ? { timeoutMs: options } : options;
      const texts = () => (stream === undefined ? [stdout, stderr] : [stream === 'stdout' ? stdout : stderr]).map((t) => t.slice(from));
      return waitForText({
        waiters,
        needle,
        found: () => (typeof needle === 'function' ? needle() : texts().some((t) => (typeof needle === 'string' ? t.includes(needle) : needle.test(t)))),
        ended: () => (code === undefined ? undefined : `the command ended (${code})`),
        output: () => `stdout:\n${stdout}\nstderr:\n${stderr}`,
        timeoutMs,
      });
    },
    interrupt: async () => {
      controller.abort();
      return (await exited).code;
    },
    exited,
  };
}
