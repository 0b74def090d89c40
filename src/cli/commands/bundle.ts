import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  out?: string;
}

export function registerBundle(program: Command, io: Io): void {
  const command = program
    .command('bundle')
    .summary(summaryOf('bundle'))
    .description(
      'Write status, every pod described with its events, every container\'s log and previous log, cluster events, the devnet\'s objects ' +
        '(Secret data redacted), the resolved profile, versions, the last up\'s timings and, on kind, the node logs (kind export logs). ' +
        'Bounded in size; README.txt inside says what was cut. No key material.',
    );
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'the result (file, size, cuts) as an object')
    .option('--out <file.tar.gz>', 'where to write it (default: devnet-<name>-<time>.tar.gz here)')
    .addHelpText('after', examples([
      ['devnet bundle', 'the last devnet brought up here'],
      ['devnet bundle -p substrate --out /tmp/substrate.tar.gz', 'to a chosen file'],
      ['tar -xzf devnet-*.tar.gz && less devnet-*/README.txt', 'open it'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runBundle } = await import('../../tasks/bundle/index.js');
      const result = await runBundle({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, out: options.out, quiet: json }, io);
      if (json) io.stdout.write(`${JSON.stringify({ event: 'bundle', ...result })}\n`);
      else io.stdout.write(`${result.file}\n`);
    });
}
