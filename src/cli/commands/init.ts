import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { examples } from '../options.js';
import { summaryOf } from '../catalogue.js';

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .summary(summaryOf('init'))
    .description('Copy a shipped profile to FILE, named after the file, with the editor schema named by its absolute path so completion and checking work wherever the file lives.')
    .argument('<file>', 'the profile to write, e.g. mine.yaml')
    .option('-p, --profile <name>', 'the shipped profile to start from: linera, linera-light, linera-production, substrate, codex', 'linera')
    .option('--force', 'replace FILE if it exists')
    .addHelpText('after', examples([
      ['devnet init mine.yaml -p substrate', 'a substrate devnet called mine'],
      ['devnet up -p mine.yaml', 'then bring it up'],
    ]))
    .action(async (file: string, options: { profile: string; force?: boolean }) => {
      const { runInit } = await import('../../tasks/init.js');
      await runInit({ file, from: options.profile, force: options.force === true }, io);
    });
}
