/**
 * The one module that runs external programs. Everything else asks it, gets domain values back,
 * and never sees a child process. Failures name the command that ran, so it can be re-run by hand.
 */
import { ExternalCommandError, InterruptedError } from '../errors/index.js';
import type { Runner } from '../contracts/runner.js';

export type { Runner, RunOptions, RunResult } from '../contracts/runner.js';

export const run: Runner = async (command, args, options = {}) => {
  const display = [command, ...args].map(displayArg).join(' ');
  // Loaded on first use: most commands never run a program, and execa is a large import.
  const { execa } = await import('execa');
  const result = await execa(command, [...args], {
    reject: false,
    input: options.input ?? '',
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    // The caller's environment (Io.env) is the whole environment of the child, so tests control PATH.
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
    stripFinalNewline: false,
  });
  if (result.isCanceled) throw new InterruptedError(`Interrupted while running \`${display}\`.`);
  if (result.timedOut) {
    throw new ExternalCommandError(`\`${display}\` did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)}s and was stopped.`, display, { details: tail(String(result.stderr ?? ''), 12) });
  }
  if (result.failed && (result.code === 'ENOENT' || result.exitCode === undefined)) {
    throw new ExternalCommandError(`Could not run \`${command}\`: ${result.code === 'ENOENT' ? 'it is not installed or not on PATH' : result.shortMessage}.`, display, {
      hint: `install ${command} and make sure it is on PATH`,
    });
  }
  const outcome = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? 1 };
  if (outcome.exitCode !== 0 && options.allowFailure !== true) {
    const reason = result.timedOut ? `timed out after ${options.timeoutMs ?? 0} ms` : `exit ${outcome.exitCode}`;
    throw new ExternalCommandError(`\`${display}\` failed (${reason}).`, display, { details: tail(outcome.stderr, 12), exitStatus: outcome.exitCode });
  }
  return outcome;
};

function displayArg(arg: string): string {
  const short = arg.length > 80 ? `${arg.slice(0, 77)}...` : arg;
  return /^[\w@%+=:,./-]+$/.test(short) ? short : JSON.stringify(short);
}

export function tail(text: string, lines: number): string[] {
  return text.trimEnd().split('\n').filter((line) => line.trim() !== '').slice(-lines);
}
