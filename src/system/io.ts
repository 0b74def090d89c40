/** Where a command reads and writes: the real process by default, fakes in tests. */

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Keys for the dashboard; the process's stdin when absent. */
  stdin?: NodeJS.ReadStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on Ctrl-C; long-running work stops and leaves a state the next run converges from. */
  signal: AbortSignal;
}

export function processIo(signal: AbortSignal): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal };
}
