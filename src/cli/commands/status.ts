import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addProfileOptions, examples, profileFlags, type ClusterOptionValues, type ProfileOptionValues } from '../options.js';

interface Options extends ProfileOptionValues, ClusterOptionValues {
  watch?: boolean;
  json?: boolean;
}

export function registerStatus(program: Command, io: Io): void {
  const command = program
    .command('status')
    .summary('show every validator, component and replica with its state')
    .description('Read the devnet from the cluster: one row per pod with its state, readiness, restarts, age, the reason when it is not ready, and its host endpoint.');
  addClusterOptions(addProfileOptions(command, true))
    .option('-w, --watch', 'keep watching and print again on every change')
    .option('--json', 'print JSON (with --watch: one object per line)')
    .addHelpText('after', examples([
      ['devnet status', 'the devnet devnet up last brought up here'],
      ['devnet status -w', 'follow it as it changes'],
      ['devnet status --json | jq \'.validators[].components[] | {name, ready, desired}\'', 'in scripts'],
    ]))
    .action(async (options: Options) => {
      const { runStatus } = await import('../../tasks/status.js');
      await runStatus({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, watch: options.watch === true, json: options.json === true }, io);
    });
}
