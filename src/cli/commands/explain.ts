import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, OutputOptionValues {
  all?: boolean;
}

export function registerExplain(program: Command, io: Io): void {
  const command = program
    .command('explain')
    .summary(summaryOf('explain'))
    .description('Explain what a profile builds: validators, their components and replicas, storage, exposed ports, start-up order and the CPU/memory budget.');
  addOutputOption(addProfileOptions(command), 'the whole planned topology')
    .option('--all', 'draw every validator in full, not only the first')
    .addHelpText(
      'after',
      examples([
        ['devnet explain', 'the default Linera devnet'],
        ['devnet explain -p linera-production --all', 'every validator of the production-shaped profile'],
        ['devnet explain -o json | jq .components[0]', 'the planned topology as data'],
      ]),
    )
    .action(async (options: Options) => {
      const { runExplain } = await import('../../tasks/explain.js');
      await runExplain({ ...profileFlags(options), output: outputOf(options, io) === 'json' ? 'json' : 'text', all: options.all === true }, io);
    });
}
