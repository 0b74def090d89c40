import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, collect, examples, outputOf, type OutputOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends OutputOptionValues {
  context?: string[];
  kubeconfig?: string;
}

export function registerList(program: Command, io: Io): void {
  const command = program
    .command('list')
    .summary(summaryOf('list'))
    .description('Every devnet on this machine\'s kind clusters and on the given contexts: name, network, where it runs, age, expiry (up --ttl) and ready/total pods.');
  addOutputOption(command, 'every devnet as an object')
    .option('--context <name>', 'also look in this context of your kubeconfig (repeatable)', collect)
    .option('--kubeconfig <file>', 'kubeconfig for --context (default: $KUBECONFIG or ~/.kube/config)')
    .addHelpText('after', examples([
      ['devnet list', 'the devnets on kind'],
      ['devnet list --context staging -o json', 'and those in a shared cluster, for scripts'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runList } = await import('../../tasks/list.js');
      await runList({ contexts: options.context ?? [], kubeconfig: options.kubeconfig, json }, io);
    });
}
