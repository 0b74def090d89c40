import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addProfileOptions, examples, profileFlags, type ClusterOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

export function registerDashboard(program: Command, io: Io): void {
  const command = program
    .command('dashboard')
    .summary(summaryOf('dashboard'))
    .description('The topology as a tree (validator → component → pod) with live states, and a log pane following what is selected. Press ? inside for the keys; q leaves the devnet running.');
  addClusterOptions(addProfileOptions(command, true))
    .addHelpText('after', examples([
      ['devnet dashboard', 'the last devnet brought up here'],
      ['devnet dashboard -p substrate', 'another profile\'s devnet'],
    ]))
    .action(async (options: ProfileOptionValues & ClusterOptionValues) => {
      const { runDashboard } = await import('../../tasks/dashboard.js');
      await runDashboard({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig }, io);
    });
}
