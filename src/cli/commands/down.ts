import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, durationOption, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  cluster?: boolean;
  timeout: number;
}

export function registerDown(program: Command, io: Io): void {
  const command = program
    .command('down')
    .summary(summaryOf('down'))
    .description('Delete the devnet\'s namespaces and wait until they are gone. Succeeds when there is nothing to remove.');
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'the result as an object')
    .option('--cluster', 'also delete the kind cluster and its kubeconfig context')
    .addOption(durationOption('--timeout <duration>', 'how long to wait for the namespaces to go', '5m'))
    .addHelpText('after', examples([
      ['devnet down', 'remove the last devnet brought up here, keep the cluster'],
      ['devnet down --cluster', 'remove the kind cluster too'],
      ['devnet down -p substrate', 'remove another profile\'s devnet'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runDown } = await import('../../tasks/down.js');
      await runDown({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, cluster: options.cluster === true, timeoutSeconds: options.timeout, json }, io);
    });
}
