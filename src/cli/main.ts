/**
 * argv → command. main() never exits the process: it returns the exit code, so tests run the
 * whole CLI in-process and only bin/devnet.js ends the process. The top-level help needs nothing but
 * catalogue.ts; commander and the commands load only when something else is asked (program.ts).
 */
import { ExitCode, type ExitCodeValue } from '../errors/index.js';
import { processIo, type Io } from '../system/io.js';
import { asksTopLevelHelp, topLevelHelp } from './catalogue.js';

export async function main(argv: readonly string[], io?: Io): Promise<ExitCodeValue> {
  const controller = io === undefined ? interruptController() : undefined;
  const context = io ?? processIo(controller?.signal ?? new AbortController().signal);
  try {
    if (asksTopLevelHelp(argv)) {
      context.stdout.write(topLevelHelp());
      return ExitCode.ok;
    }
    const { runProgram } = await import('./program.js');
    return await runProgram(argv, context);
  } finally {
    controller?.dispose();
  }
}

/**
 * Ctrl-C aborts the running command, which then says what it left and ends with 130; a second
 * Ctrl-C ends the process at once. Our listener stays registered until then: listr2's terminal
 * renderer loads signal-exit (through log-update and restore-cursor), which kills the process again
 * with the signal when it finds itself the only SIGINT listener (signal-exit 3.0.7 index.js,
 * sigListeners), so a listener removed after the first Ctrl-C let the process die in silence with
 * the terminal's cursor still hidden.
 */
function interruptController(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    process.removeListener('SIGINT', onSignal);
    process.kill(process.pid, 'SIGINT');
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSignal) };
}
