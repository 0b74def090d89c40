import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { completionScript, type CompletionInput } from './completion.js';

const input: CompletionInput = {
  commands: [
    { name: 'status', options: ['-p', '--profile', '-w', '--watch', '-o', '--output'] },
    { name: 'up', options: ['-p', '--profile', '--timeout'] },
  ],
  profiles: ['codex', 'linera', 'linera-production', 'substrate'],
};

/** What bash completes for `line` (the word being typed last), with the script loaded. */
function complete(line: string): string[] {
  const words = line.split(' ');
  const program = `${completionScript('bash', input)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_devnet; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', program], { encoding: 'utf8', cwd: '/' }).split('\n').filter((l) => l !== '');
}

describe('bash completion, run by bash', () => {
  test('completes commands, a command\'s options, shipped profiles and output formats', () => {
    expect(complete('devnet st')).toEqual(['status']);
    expect(complete('devnet status --w')).toEqual(['--watch']);
    expect(complete('devnet up --t')).toEqual(['--timeout']);
    expect(complete('devnet status -p linera')).toEqual(expect.arrayContaining(['linera', 'linera-production']));
    expect(complete('devnet status -o j')).toEqual(['json']);
  });

  test('zsh gets the same function through bashcompinit; fish gets its own lines', () => {
    expect(completionScript('zsh', input)).toMatch(/^autoload -U \+X compinit && compinit\nautoload -U \+X bashcompinit && bashcompinit\n# devnet completion/);
    expect(completionScript('fish', input)).toContain("complete -c devnet -n '__fish_seen_subcommand_from status' -l watch");
  });
});
