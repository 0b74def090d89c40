/** The one place that turns an error into a message and an exit code. */
import { isDevnetError, ExitCode, ExternalCommandError, InterruptedError, type ExitCodeValue } from '../errors/index.js';
import type { Io } from '../system/io.js';

export async function reportError(error: unknown, io: Io): Promise<ExitCodeValue> {
  // Loaded only when there is something to report: --help and successful runs never need colours here.
  const { theme } = await import('../output/theme.js');
  const t = theme(io.env, io.stderr);
  if (isDevnetError(error)) {
    // Ctrl-C is the user's choice, not a failure: said plainly, with what it left behind.
    const lines = [error instanceof InterruptedError ? error.message : `${t.error('error')} ${error.message}`];
    if (error instanceof ExternalCommandError) lines.push(t.dim(`  command: ${error.command}`));
    for (const detail of error.details) lines.push(`  ${detail}`);
    if (error.hint !== undefined) lines.push(`${t.hint('hint')} ${error.hint}`);
    io.stderr.write(`${lines.join('\n')}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `${t.error('error')} devnet hit an unexpected problem. This is a bug in devnet; please report it with the output below.\n${stack}\n`,
  );
  return ExitCode.bug;
}
