/**
 * The commands in the order `devnet --help` lists them, with their one-line summaries, and the
 * top-level help itself. It imports nothing: `devnet --help` prints it without loading commander or
 * any command, so the most common first run starts nearly as fast as Node does (bench/cli.ts). A
 * test keeps this list equal to what program.ts registers with commander.
 */
export const DESCRIPTION = 'A real multi-validator blockchain testnet on your laptop, on kind.';

export const COMMANDS = [
  { name: 'up', usage: 'up [options]', summary: 'create or update the devnet and wait until it is ready' },
  { name: 'status', usage: 'status [options]', summary: 'show every validator, component and replica with its state' },
  { name: 'logs', usage: 'logs [options] [selector]', summary: "print or follow the logs of a devnet's pods" },
  { name: 'health', usage: 'health [options]', summary: "watch each replica's log for its health keyword (kubevali's watchlog) and ping a healthchecks URL" },
  { name: 'dashboard', usage: 'dashboard [options]', summary: 'open the live dashboard of a running devnet' },
  { name: 'down', usage: 'down [options]', summary: 'remove the devnet (and with --cluster the kind cluster)' },
  { name: 'check', usage: 'check [options]', summary: 'prove that a running devnet works: built-in, profile and command-line assertions' },
  { name: 'chaos', usage: 'chaos', summary: 'stop, kill, partition or slow validators, and undo it' },
  { name: 'bundle', usage: 'bundle [options]', summary: 'collect everything needed to debug a devnet offline into one .tar.gz' },
  { name: 'list', usage: 'list [options]', summary: 'show every devnet on the kind clusters and on the contexts you name' },
  { name: 'gc', usage: 'gc [options]', summary: 'remove the devnets whose --ttl has passed (and kind clusters left with nothing else)' },
  { name: 'images', usage: 'images', summary: 'list every image the devnet runs and where it is; save and load them for a machine without a network' },
  { name: 'cache', usage: 'cache', summary: 'the registry caches up runs on kind: show them, bound them' },
  { name: 'doctor', usage: 'doctor [options]', summary: 'check that this machine can run the devnet, with the fix for each problem' },
  { name: 'render', usage: 'render [options]', summary: 'print every Kubernetes object and the kind config that up would create' },
  { name: 'plan', usage: 'plan [options]', summary: 'print the exact command line each replica will run' },
  { name: 'explain', usage: 'explain [options]', summary: 'show the topology as a tree: what each part does and how traffic flows' },
  { name: 'init', usage: 'init [options] <file>', summary: 'write a profile of your own, from a shipped one, that your editor checks' },
  { name: 'version', usage: 'version [options]', summary: "print devnet's version and the versions it pins" },
  { name: 'completion', usage: 'completion <shell>', summary: 'print a shell completion script (bash, zsh or fish)' },
] as const;

export type CommandName = (typeof COMMANDS)[number]['name'];

export function summaryOf(name: CommandName): string {
  return COMMANDS.find((c) => c.name === name)?.summary ?? '';
}

export const EXIT_CODES = `
Exit codes:
  0    success
  1    the input is wrong (profile, flag value, file, a devnet not there)
  2    the command line is wrong (unknown command or option)
  3    the machine is missing something (Docker, kind, free ports, limits)
  4    the devnet did not become ready (deadline passed, a pod failed for good,
       or a replica is not healthy)
  5    the cluster refused or failed a request
  6    devnet check: an assertion about the running devnet failed
  70   a bug in devnet
  130  interrupted (Ctrl-C)
`;

/** Every help is laid out in 80 columns, whatever the terminal (program.ts sets commander's too). */
export const HELP_WIDTH = 80;

/** argv that asks for the top-level help and nothing else. */
export function asksTopLevelHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0] ?? ''));
}

/** `devnet --help`, in the two columns commander uses for a command's help. */
export function topLevelHelp(): string {
  const options: [string, string][] = [['-V, --version', 'print the version'], ['-h, --help', 'show help']];
  const commands: [string, string][] = [...COMMANDS.map((c): [string, string] => [c.usage, c.summary]), ['help [command]', 'show help for a command']];
  const column = Math.max(...[...options, ...commands].map(([term]) => term.length)) + 2;
  const item = ([term, text]: [string, string]) => `  ${term.padEnd(column)}${wrap(text, HELP_WIDTH - column - 2).join(`\n${' '.repeat(column + 2)}`)}`;
  return ['Usage: devnet [options] [command]', '', DESCRIPTION, '', 'Options:', ...options.map(item), '', 'Commands:', ...commands.map(item), EXIT_CODES, ''].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  return [...lines, current];
}
