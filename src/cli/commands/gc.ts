import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, collect, durationOption, examples, outputOf, type OutputOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends OutputOptionValues {
  context?: string[];
  kubeconfig?: string;
  yes?: boolean;
  dryRun?: boolean;
  timeout: number;
}

export function registerGc(program: Command, io: Io): void {
  const command = program
    .command('gc')
    .summary(summaryOf('gc'))
    .description(
      'Remove every expired devnet (up --ttl) on the kind clusters and the given contexts: its namespaces, or the whole kind cluster when devnet created it and ' +
        'every devnet in it expired. Devnets without an expiry, or not expired yet, are never touched. In a terminal it only shows what it would remove unless --yes; ' +
        'without a terminal (cron, CI) it removes.',
    );
  addOutputOption(command, 'the result as an object')
    .option('--context <name>', 'also look in this context of your kubeconfig (repeatable)', collect)
    .option('--kubeconfig <file>', 'kubeconfig for --context (default: $KUBECONFIG or ~/.kube/config)')
    .option('-y, --yes', 'remove without asking, also in a terminal')
    .option('--dry-run', 'only show what would be removed, also without a terminal')
    .addOption(durationOption('--timeout <duration>', 'how long removing may take', '10m'))
    .addHelpText('after', examples([
      ['devnet gc', 'see what has expired'],
      ['devnet gc --yes', 'remove it'],
      ['devnet gc --yes --context ci-cluster', 'in a CI job\'s first step, on a shared cluster'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runGc } = await import('../../tasks/gc.js');
      await runGc({ contexts: options.context ?? [], kubeconfig: options.kubeconfig, yes: options.yes === true, dryRun: options.dryRun === true, json, timeoutSeconds: options.timeout }, io);
    });
}
