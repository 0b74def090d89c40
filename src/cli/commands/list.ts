import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { collect, examples } from '../options.js';

interface Options {
  context?: string[];
  kubeconfig?: string;
  json?: boolean;
}

export function registerList(program: Command, io: Io): void {
  program
    .command('list')
    .summary('show every devnet on the kind clusters and on the contexts you name')
    .description('Every devnet on this machine\'s kind clusters and on the given contexts: name, network, where it runs, age, expiry (up --ttl) and ready/total pods.')
    .option('--context <name>', 'also look in this context of your kubeconfig (repeatable)', collect)
    .option('--kubeconfig <file>', 'kubeconfig for --context (default: $KUBECONFIG or ~/.kube/config)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples([
      ['devnet list', 'the devnets on kind'],
      ['devnet list --context staging --json', 'and those in a shared cluster, for scripts'],
    ]))
    .action(async (options: Options) => {
      const { runList } = await import('../../tasks/list.js');
      await runList({ contexts: options.context ?? [], kubeconfig: options.kubeconfig, json: options.json === true }, io);
    });
}
