import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addProfileOptions, examples, nonNegativeInteger, profileFlags, type ProfileOptionValues } from '../options.js';

interface Options extends ProfileOptionValues {
  json?: boolean;
  validator?: number;
  component?: string;
}

export function registerPlan(program: Command, io: Io): void {
  const command = program
    .command('plan')
    .summary('print the exact command line each replica will run')
    .description('Show, for every replica of every component, the command line devnet renders for it (a dry run of each pod\'s start).');
  addProfileOptions(command)
    .option('--validator <n>', 'only this validator', nonNegativeInteger)
    .option('--component <name>', 'only this component, e.g. shards, proxy, node')
    .option('--json', 'print a JSON array (argv and shell line per replica)')
    .addHelpText(
      'after',
      examples([
        ['devnet plan', 'every replica of the default Linera devnet'],
        ['devnet plan -p substrate --validator 1', 'the nodes of validator 1'],
        ['devnet plan --component shards --json', 'machine-readable command lines'],
      ]),
    )
    .action(async (options: Options) => {
      const { runPlan } = await import('../../tasks/plan.js');
      await runPlan({ ...profileFlags(options), json: options.json === true, validator: options.validator, component: options.component }, io);
    });
}
