import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addProfileOptions, durationSeconds, examples, profileFlags, type ClusterOptionValues, type ProfileOptionValues } from '../options.js';

interface Options extends ProfileOptionValues, ClusterOptionValues {
  cluster?: boolean;
  timeout: number;
  json?: boolean;
}

export function registerDown(program: Command, io: Io): void {
  const command = program
    .command('down')
    .summary('remove the devnet (and with --cluster the kind cluster)')
    .description('Delete the devnet\'s namespaces and wait until they are gone. Succeeds when there is nothing to remove.');
  addClusterOptions(addProfileOptions(command, true))
    .option('--cluster', 'also delete the kind cluster and its kubeconfig context')
    .option('--timeout <duration>', 'how long to wait for the namespaces to go', durationSeconds, 300)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples([
      ['devnet down', 'remove the devnet devnet up last brought up here, keep the cluster for next time'],
      ['devnet down --cluster', 'remove the kind cluster too'],
      ['devnet down -p substrate', 'remove another profile\'s devnet'],
    ]))
    .action(async (options: Options) => {
      const { runDown } = await import('../../tasks/down.js');
      await runDown({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, cluster: options.cluster === true, timeoutSeconds: options.timeout, json: options.json === true }, io);
    });
}
