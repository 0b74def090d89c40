import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  watch?: boolean;
}

export function registerStatus(program: Command, io: Io): void {
  const command = program
    .command('status')
    .summary(summaryOf('status'))
    .description('Read the devnet from the cluster: one row per pod with its state, readiness, restarts, age, the reason when it is not ready, and its host endpoint.');
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'the topology as an object (with -w: NDJSON, one object per change, ending with an end event)')
    .option('-w, --watch', 'keep watching and print again on every change')
    .addHelpText('after', examples([
      ['devnet status', 'the last devnet brought up here'],
      ['devnet status -w', 'follow it as it changes'],
      ['devnet status -o json | jq \'.validators[].components[] | {name, ready, desired}\'', 'in scripts'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runStatus } = await import('../../tasks/status.js');
      await runStatus({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, watch: options.watch === true, json }, io);
    });
}
