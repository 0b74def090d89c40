import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { collect, durationSeconds, examples } from '../options.js';

interface Options {
  context?: string[];
  kubeconfig?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  timeout: number;
}

export function registerGc(program: Command, io: Io): void {
  program
    .command('gc')
    .summary('remove the devnets whose --ttl has passed (and kind clusters left with nothing else)')
    .description(
      'Remove every expired devnet (up --ttl) on the kind clusters and the given contexts: its namespaces, or the whole kind cluster when devnet created it and ' +
        'every devnet in it expired. Devnets without an expiry, or not expired yet, are never touched. In a terminal it only shows what it would remove unless --yes; ' +
        'without a terminal (cron, CI) it removes.',
    )
    .option('--context <name>', 'also look in this context of your kubeconfig (repeatable)', collect)
    .option('--kubeconfig <file>', 'kubeconfig for --context (default: $KUBECONFIG or ~/.kube/config)')
    .option('-y, --yes', 'remove without asking, also in a terminal')
    .option('--dry-run', 'only show what would be removed, also without a terminal')
    .option('--timeout <duration>', 'how long removing may take', durationSeconds, 600)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples([
      ['devnet gc', 'see what has expired'],
      ['devnet gc --yes', 'remove it'],
      ['devnet gc --yes --context ci-cluster', 'in a CI job\'s first step, on a shared cluster'],
    ]))
    .action(async (options: Options) => {
      const { runGc } = await import('../../tasks/gc.js');
      await runGc({ contexts: options.context ?? [], kubeconfig: options.kubeconfig, yes: options.yes === true, dryRun: options.dryRun === true, json: options.json === true, timeoutSeconds: options.timeout }, io);
    });
}
