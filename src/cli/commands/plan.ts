import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, addProfileOptions, examples, nonNegativeInteger, outputOf, profileFlags, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, OutputOptionValues {
  validator?: number;
  component?: string;
}

export function registerPlan(program: Command, io: Io): void {
  const command = program
    .command('plan')
    .summary(summaryOf('plan'))
    .description('Show, for every replica of every component, the command line devnet renders for it (a dry run of each pod\'s start).');
  addOutputOption(addProfileOptions(command), 'every replica\'s argv and shell line as an object')
    .option('--validator <n>', 'only this validator', nonNegativeInteger)
    .option('--component <name>', 'only this component, e.g. shards, proxy, node')
    .addHelpText(
      'after',
      examples([
        ['devnet plan', 'every replica of the default Linera devnet'],
        ['devnet plan -p substrate --validator 1', 'the nodes of validator 1'],
        ['devnet plan --component shards -o json', 'machine-readable command lines'],
      ]),
    )
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runPlan } = await import('../../tasks/plan.js');
      await runPlan({ ...profileFlags(options), json, validator: options.validator, component: options.component }, io);
    });
}
