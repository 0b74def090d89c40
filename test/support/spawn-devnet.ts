/**
 * The real executable (bin/devnet.js, built into dist/), as a shell would start it: its output as it
 * grows, signals, keystrokes. In a pseudo-terminal through util-linux `script` when asked.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ROOT } from './profiles.js';
import { waitForText } from './wait-text.js';

const BIN = join(ROOT, 'bin', 'devnet.js');

export const withoutAnsi = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');

export interface Spawned {
  output(): string;
  waitFor(needle: string | RegExp, timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  write(text: string): void;
  exited: Promise<number>;
}

/**
 * The real executable, as a shell would start it. `terminal` runs it in a pseudo-terminal through
 * util-linux `script`, sized like a terminal window with `stty` unless `unsized`.
 */
export function spawnDevnet(env: { env: Record<string, string> }, args: string[], terminal: false | 'sized' | 'unsized' = false): Spawned {
  const command = terminal ? 'script' : process.execPath;
  const line = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  // exec: devnet itself is the terminal's foreground process, as from an interactive shell; a shell
  // waiting for it would be killed by Ctrl-C first and take the terminal with it.
  const argv = terminal ? ['-q', '-e', '-c', terminal === 'sized' ? `stty cols 120 rows 40; exec ${line}` : `exec ${line}`, '/dev/null'] : [BIN, ...args];
  const child = spawn(command, argv, {
    env: { ...process.env, ...env.env, ...(terminal ? { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' } : { NO_COLOR: '1' }), CI: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? -1 : 128))));
  let done = false;
  void exited.then(() => {
    done = true;
    waiters.forEach((w) => w());
  });
  onTestFinished(() => {
    if (!done) child.kill('SIGKILL');
  });
  return {
    output: () => output,
    signal: (s) => child.kill(s),
    write: (text) => child.stdin.write(text),
    exited,
    waitFor: (needle, timeoutMs = 60_000) =>
      waitForText({
        waiters,
        needle,
        found: () => (typeof needle === 'string' ? output.includes(needle) : needle.test(output)),
        ended: () => (done ? 'devnet ended' : undefined),
        output: () => output,
        timeoutMs,
      }),
  };
}

