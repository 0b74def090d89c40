import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { choice, examples } from '../options.js';
import { summaryOf } from '../catalogue.js';

export function registerCompletion(program: Command, io: Io): void {
  program
    .command('completion')
    .summary(summaryOf('completion'))
    .description('A completion script for devnet\'s commands, their options, the shipped profiles and the output formats. Load it from your shell\'s startup file.')
    .argument('<shell>', 'bash, zsh or fish', choice(['bash', 'zsh', 'fish'] as const))
    .addHelpText('after', examples([
      ['echo \'eval "$(devnet completion bash)"\' >> ~/.bashrc', 'bash'],
      ['echo \'eval "$(devnet completion zsh)"\' >> ~/.zshrc', 'zsh'],
      ['devnet completion fish > ~/.config/fish/completions/devnet.fish', 'fish'],
    ]))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { completionScript } = await import('../../tasks/completion.js');
      const { shippedProfiles } = await import('../../tasks/load-profile.js');
      // The shape of the command line as commander holds it, so the script always matches it.
      const commands = program.commands.map((c) => ({ name: c.name(), options: c.options.filter((o) => !o.hidden).flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined)) }));
      io.stdout.write(completionScript(shell, { commands, profiles: await shippedProfiles() }));
    });
}
