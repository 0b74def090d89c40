import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, examples, outputOf, type OutputOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

export function registerVersion(program: Command, io: Io): void {
  const command = program
    .command('version')
    .summary(summaryOf('version'))
    .description('devnet\'s version, the Node.js running it, and what it pins: the kind node image, cert-manager, scylla-operator and Linera.');
  addOutputOption(command, 'an object, one field per program')
    .addHelpText('after', examples([['devnet version', 'for a bug report'], ['devnet version -o json | jq -r .linera', 'the Linera version the devnet runs']]))
    .action(async (options: OutputOptionValues) => {
      const json = outputOf(options, io) === 'json';
      const { runVersion } = await import('../../tasks/version.js');
      runVersion(json, io);
    });
}
