import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addProfileOptions, examples, profileFlags, type ClusterOptionValues, type ProfileOptionValues } from '../options.js';

interface Options extends ProfileOptionValues, ClusterOptionValues {
  out?: string;
  json?: boolean;
}

export function registerBundle(program: Command, io: Io): void {
  const command = program
    .command('bundle')
    .summary('collect everything needed to debug a devnet offline into one .tar.gz')
    .description(
      'Write status, every pod described with its events, every container\'s log and previous log, cluster events, the devnet\'s objects ' +
        '(Secret data redacted), the resolved profile, versions, the last up\'s timings and, on kind, the node logs (kind export logs). ' +
        'Bounded in size; README.txt inside says what was cut. No key material.',
    );
  addClusterOptions(addProfileOptions(command, true))
    .option('-o, --out <file.tar.gz>', 'where to write it (default: devnet-<name>-<time>.tar.gz here)')
    .option('--json', 'print the result (file, size, cuts) as JSON')
    .addHelpText('after', examples([
      ['devnet bundle', 'the devnet devnet up last brought up here'],
      ['devnet bundle -p substrate --out /tmp/substrate.tar.gz', 'to a chosen file'],
      ['tar -xzf devnet-*.tar.gz && less devnet-*/README.txt', 'open it'],
    ]))
    .action(async (options: Options) => {
      const { runBundle } = await import('../../tasks/bundle/index.js');
      const result = await runBundle({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, out: options.out, quiet: options.json === true }, io);
      if (options.json === true) io.stdout.write(`${JSON.stringify({ event: 'bundle', ...result })}\n`);
      else io.stdout.write(`${result.file}\n`);
    });
}
