/**
 * The commander program with every command: it runs a command and prints every help but the
 * top-level one, which main() prints from catalogue.ts without loading this module.
 */
import { Command, CommanderError, Help } from 'commander';
import { ExitCode, type ExitCodeValue } from '../errors/index.js';
import { registerBundle } from './commands/bundle.js';
import { registerCache } from './commands/cache.js';
import { registerCheck } from './commands/check.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerDoctor } from './commands/doctor.js';
import { registerDown } from './commands/down.js';
import { registerExplain } from './commands/explain.js';
import { registerHealth } from './commands/health.js';
import { registerImages } from './commands/images.js';
import { registerChaos } from './commands/chaos.js';
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
import type { Io } from '../system/io.js';
import { reportError } from './report.js';
import { endEvent, isStream } from './stream.js';
import { version } from './version.js';
import { DESCRIPTION, HELP_WIDTH, topLevelHelp } from './catalogue.js';

/**
 * Help in 80 columns. Commander stops wrapping when the option column leaves too little room (check's
 * assertion forms are 60 wide); such a list puts each description under its option instead.
 */
const HELP_LAYOUT = {
  helpWidth: HELP_WIDTH,
  formatItem(term: string, termWidth: number, description: string, helper: Help): string {
    if (description === '' || HELP_WIDTH - termWidth - 4 >= helper.minWidthToWrap) return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
    const indent = ' '.repeat(6);
    return `  ${term}\n${helper.boxWrap(description, HELP_WIDTH - indent.length).replace(/^/gm, indent)}`;
  },
};

export function buildProgram(io: Io): Command {
  const program: Command = new Command('devnet')
    .description(DESCRIPTION)
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .configureHelp({
      ...HELP_LAYOUT,
      // The top-level help is catalogue.ts's whether main() prints it without commander or commander
      // does (a usage error, `devnet help`); every command's help is commander's own.
      formatHelp: (command: Command, helper: Help): string => (command === program ? topLevelHelp() : Help.prototype.formatHelp.call(helper, command, helper)),
    });
  registerUp(program, io);
  registerStatus(program, io);
  registerLogs(program, io);
  registerHealth(program, io);
  registerDashboard(program, io);
  registerDown(program, io);
  registerCheck(program, io);
  registerChaos(program, io);
  registerBundle(program, io);
  registerList(program, io);
  registerGc(program, io);
  registerImages(program, io);
  registerCache(program, io);
  registerDoctor(program, io);
  registerRender(program, io);
  registerPlan(program, io);
  registerExplain(program, io);
  registerInit(program, io);
  registerVersion(program, io);
  registerCompletion(program, io);
  return program;
}

/** Parses argv and runs the command; returns its exit code. */
export async function runProgram(argv: readonly string[], io: Io): Promise<ExitCodeValue> {
  let stream = false;
  const end = (code: ExitCodeValue, error?: unknown) => {
    if (stream) io.stdout.write(`${JSON.stringify(endEvent(code, error))}\n`);
    return code;
  };
  try {
    const program = buildProgram(io);
    program.hook('preAction', (_, action) => {
      const parent = action.parent;
      stream = isStream(parent !== null && parent.parent !== null ? `${parent.name()} ${action.name()}` : action.name(), action.opts());
    });
    await program.parseAsync([...argv], { from: 'user' });
    return end(ExitCode.ok);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return end(await reportError(error, io), error);
  }
}
