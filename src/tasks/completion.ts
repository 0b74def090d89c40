/**
 * devnet completion: a shell completion script from the command line's own structure, so it names
 * every command and option devnet has, and shipped profiles and output formats as values.
 */

export interface CommandShape {
  name: string;
  /** Every spelling of every visible option, e.g. ["-p", "--profile", "--set"]. */
  options: string[];
}

export interface CompletionInput {
  commands: CommandShape[];
  profiles: string[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const FORMATS = ['text', 'json', 'yaml'];

export function completionScript(shell: Shell, input: CompletionInput): string {
  if (shell === 'fish') return fish(input);
  // zsh runs the bash function through its bash-completion emulation.
  const prelude = shell === 'zsh' ? 'autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n' : '';
  return `${prelude}${bash(input)}`;
}

function bash({ commands, profiles }: CompletionInput): string {
  const cases = commands.map((c) => `    ${c.name}) opts="${c.options.join(' ')}" ;;`).join('\n');
  return `# devnet completion for bash (and zsh): eval "$(devnet completion bash)"
_devnet() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')}" -- "$cur"))
    return
  fi
  case "$prev" in
    -p|--profile) COMPREPLY=($(compgen -W "${profiles.join(' ')}" -f -- "$cur")); return ;;
    -o|--output) COMPREPLY=($(compgen -W "${FORMATS.join(' ')}" -- "$cur")); return ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _devnet devnet
`;
}

function fish({ commands, profiles }: CompletionInput): string {
  const lines = [
    '# devnet completion for fish: devnet completion fish | source',
    `complete -c devnet -f -n __fish_use_subcommand -a '${commands.map((c) => c.name).join(' ')}'`,
  ];
  for (const command of commands) {
    for (const option of command.options) {
      const flag = option.startsWith('--') ? `-l ${option.slice(2)}` : `-s ${option.slice(1)}`;
      const values = option === '-p' || option === '--profile' ? ` -r -a '${profiles.join(' ')}'` : option === '-o' || option === '--output' ? ` -x -a '${FORMATS.join(' ')}'` : '';
      lines.push(`complete -c devnet -n '__fish_seen_subcommand_from ${command.name}' ${flag}${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
