import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Io } from '../../system/io.js';
import { choice, collect, examples } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface StatusOptions {
  output: 'text' | 'json';
  json?: boolean;
}

interface PruneOptions extends StatusOptions {
  all?: boolean;
  maxSize?: number;
  upstream?: string[];
  dryRun?: boolean;
}

const outputOption = () => new Option('-o, --output <format>', 'text or json').argParser(choice(['text', 'json'] as const)).default('text');

export function registerCache(program: Command, io: Io): void {
  const cache = program
    .command('cache')
    .summary(summaryOf('cache'))
    .description('devnet up on kind runs a pull-through registry cache per registry the devnet pulls from (Docker containers with a volume each, on kind\'s network), kept across down --cluster and --recreate so a new cluster pulls from this machine.');
  cache
    .command('status', { isDefault: true })
    .summary('every cache: its registry, state, size, images, hits and misses')
    .addOption(outputOption())
    .addOption(new Option('--json', 'the same as -o json').hideHelp())
    .addHelpText('after', examples([['devnet cache status', 'what the caches hold and how often they answered from it']]))
    .action(async (options: StatusOptions) => {
      const { runCacheStatus } = await import('../../tasks/cache/status.js');
      await runCacheStatus({ output: options.json === true ? 'json' : options.output }, io);
    });
  cache
    .command('prune')
    .summary('remove caches (and their volumes): by size, by registry, or all')
    .option('--max-size <size>', 'remove the least recently started caches until the rest fit, e.g. 20GB', size)
    .option('--upstream <registry>', 'remove the cache of this registry, e.g. docker.io (repeatable)', collect)
    .option('--all', 'remove every cache (and kind\'s network when nothing else uses it)')
    .option('--dry-run', 'only say what would be removed')
    .addOption(outputOption())
    .addOption(new Option('--json', 'the same as -o json').hideHelp())
    .addHelpText('after', examples([
      ['devnet cache prune --max-size 20GB', 'keep the caches under 20 GB'],
      ['devnet cache prune --upstream quay.io', 'forget one registry\'s images'],
      ['devnet cache prune --all', 'remove them all'],
    ]))
    .action(async (options: PruneOptions) => {
      const { runCachePrune } = await import('../../tasks/cache/status.js');
      await runCachePrune({ all: options.all === true, maxBytes: options.maxSize, upstreams: options.upstream ?? [], dryRun: options.dryRun === true, output: options.json === true ? 'json' : options.output }, io);
    });
}

function size(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected a size such as 500MB, 20GB or 1.5GiB');
  const factor: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
  return Math.round(Number(match[1]) * (factor[match[2] ?? 'B'] ?? 1));
}
