/**
 * argv → command. main() never exits the process: it returns the exit code, so tests run the
 * whole CLI in-process and only bin/devnet.js ends the process.
 */
import { Command, CommanderError, Help } from 'commander';
import { ExitCode, type ExitCodeValue } from '../errors/index.js';
import { registerBundle } from './commands/bundle.js';
import { registerCheck } from './commands/check.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerDoctor } from './commands/doctor.js';
import { registerDown } from './commands/down.js';
import { registerExplain } from './commands/explain.js';
import { registerHealth } from './commands/health.js';
import { registerGc } from './commands/gc.js';
import { registerList } from './commands/list.js';
import { registerLogs } from './commands/logs.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { registerPlan } from './commands/plan.js';
import { registerRender } from './commands/render.js';
import { registerVersion } from './commands/version.js';
import { registerCompletion } from './commands/completion.js';
import { registerInit } from './commands/init.js';
import { processIo, type Io } from '../system/io.js';
import { reportError } from './report.js';
import { endEvent, isStream } from './stream.js';
import { version } from './version.js';

const EXIT_CODES = `
Exit codes:
  0    success
  1    the input is wrong (profile, flag value, file, a devnet not there)
  2    the command line is wrong (unknown command or option)
  3    the machine is missing something (Docker, kind, free ports, limits)
  4    the devnet did not become ready (deadline passed, a pod failed for good,
       or a replica is not healthy)
  5    the cluster refused or failed a request
  6    devnet check: an assertion about the running devnet failed
  70   a bug in devnet
  130  interrupted (Ctrl-C)
`;

/**
 * Help in 80 columns. Commander stops wrapping when the option column leaves too little room (check's
 * assertion forms are 60 wide); such a list puts each description under its option instead.
 */
const HELP_LAYOUT = {
  helpWidth: 80,
  formatItem(term: string, termWidth: number, description: string, helper: Help): string {
    if (description === '' || 80 - termWidth - 4 >= helper.minWidthToWrap) return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
    const indent = ' '.repeat(6);
    return `  ${term}\n${helper.boxWrap(description, 80 - indent.length).replace(/^/gm, indent)}`;
  },
};

export function buildProgram(io: Io): Command {
  const program = new Command('devnet')
    .description('A real multi-validator blockchain testnet on your laptop, on kind.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .configureHelp(HELP_LAYOUT)
    .addHelpText('after', EXIT_CODES);
  registerUp(program, io);
  registerStatus(program, io);
  registerLogs(program, io);
  registerHealth(program, io);
  registerDashboard(program, io);
  registerDown(program, io);
  registerCheck(program, io);
  registerBundle(program, io);
  registerList(program, io);
  registerGc(program, io);
  registerDoctor(program, io);
  registerRender(program, io);
  registerPlan(program, io);
  registerExplain(program, io);
  registerInit(program, io);
  registerVersion(program, io);
  registerCompletion(program, io);
  return program;
}

export async function main(argv: readonly string[], io?: Io): Promise<ExitCodeValue> {
  const controller = io === undefined ? interruptController() : undefined;
  const context = io ?? processIo(controller?.signal ?? new AbortController().signal);
  let stream = false;
  const end = (code: ExitCodeValue, error?: unknown) => {
    if (stream) context.stdout.write(`${JSON.stringify(endEvent(code, error))}\n`);
    return code;
  };
  try {
    const program = buildProgram(context);
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    program.hook('preAction', (_, action) => {
      stream = isStream(action.name(), action.opts());
    });
    await program.parseAsync([...argv], { from: 'user' });
    return end(ExitCode.ok);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return end(await reportError(error, context), error);
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
