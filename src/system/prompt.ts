/** Asking the user a yes/no question in the terminal; only asked where someone can answer. */
import { createInterface } from 'node:readline/promises';
import type { Writable } from 'node:stream';
import { InterruptedError } from '../errors/index.js';
import type { Io } from './io.js';

/** Someone is at a terminal: both the keyboard and the messages are a TTY. */
export function canAsk(io: Io): boolean {
  return io.stderr.isTTY === true && (io.stdin ?? process.stdin).isTTY === true;
}

/** Asks on stderr, reads a line from stdin; only "y" or "yes" is a yes. Ctrl-C rejects with InterruptedError. */
export async function confirm(io: Io, question: string, signal: AbortSignal): Promise<boolean> {
  const input = io.stdin ?? process.stdin;
  const rl = createInterface({ input, output: io.stderr as unknown as Writable, terminal: false });
  try {
    io.stderr.write(`${question} [y/N] `);
    const answer = await rl.question('', { signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch (error) {
    if (signal.aborted) throw new InterruptedError();
    throw error;
  } finally {
    rl.close();
    input.pause();
  }
}
