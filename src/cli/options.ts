/** Flags shared by the commands that read a profile. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Io } from '../system/io.js';
import { DEFAULT_PROFILE } from '../output/command-line.js';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0');
  return n;
}

export function choice<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value as T;
  };
}

/**
 * `running`: the command works on a devnet that runs, and without -p (or --set, --validators,
 * --seed, --context, --kubeconfig) takes the one `devnet up` last brought up here.
 */
export function addProfileOptions(command: Command, running = false): Command {
  const fallback = running ? 'default: the last devnet brought up here, else linera' : 'default: linera';
  return command
    .option('-p, --profile <file|name>', `a profile file, or a shipped profile: linera, linera-light, linera-production, substrate, codex (${fallback})`)
    .option('--set <path=value>', 'override a profile field; the value is YAML (quote text that is not), e.g. --set linera.shards.replicas=4 (repeatable)', collect)
    .option('--validators <n>', 'number of validators (same as --set validators=N)', positiveInteger)
    .option('--seed <seed>', 'derive keys and genesis from this seed, for reproducible devnets (same as --set seed=...)');
}

export interface ProfileOptionValues {
  profile?: string;
  set?: string[];
  validators?: number;
  seed?: string;
}

export function profileFlags(options: ProfileOptionValues) {
  const profileGiven = options.profile !== undefined || options.set !== undefined || options.validators !== undefined || options.seed !== undefined;
  return { profile: options.profile ?? DEFAULT_PROFILE, set: options.set ?? [], validators: options.validators, seed: options.seed, profileGiven };
}

export function examples(lines: readonly [string, string][]): string {
  return `\nExamples:\n${lines.map(([cmd, what]) => `  ${what}\n    $ ${cmd}`).join('\n')}\n`;
}

/** --timeout 15m, 90s, 1h30m, or plain seconds. */
export function durationSeconds(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (match === null || value === '') throw new InvalidArgumentError('expected a duration such as 90s, 15m or 1h');
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** A --timeout-like option whose help shows its default as a duration (15m), as it is typed, not 900. */
export function durationOption(flags: string, description: string, fallback: string): Option {
  return new Option(flags, description).argParser(durationSeconds).default(durationSeconds(fallback), fallback);
}

export function addClusterOptions(command: Command): Command {
  return command
    .option('--context <name>', 'deploy into this context of your kubeconfig instead of a kind cluster')
    .option('--kubeconfig <file>', 'kubeconfig for --context (default: $KUBECONFIG or ~/.kube/config)');
}

export interface ClusterOptionValues {
  context?: string;
  kubeconfig?: string;
}

/**
 * The one output convention: `-o FORMAT` as kubectl spells it (`-o json`); `--json` is accepted as
 * its alias, with a note. `json` says what the JSON holds, for the help.
 */
export function addOutputOption(command: Command, json: string, formats: readonly string[] = ['text', 'json'], fallback = 'text'): Command {
  return command
    .option('-o, --output <format>', `${formats.join(', ')}; json: ${json}`, outputFormat(formats), fallback)
    .addOption(new Option('--json', 'the same as -o json').hideHelp());
}

function outputFormat(formats: readonly string[]) {
  return (value: string): string => {
    if (formats.includes(value)) return value;
    // bundle and render also write files: a path given to -o is meant for --out.
    const file = /[./]/.test(value) ? '; -o chooses the output format, --out names a file' : '';
    throw new InvalidArgumentError(`expected ${formats.join(' or ')}${file}`);
  };
}

export interface OutputOptionValues {
  output?: string;
  json?: boolean;
}

/** The format asked for; --json says once that -o json is the documented form. */
export function outputOf(options: OutputOptionValues, io: Pick<Io, 'stderr'>): string {
  if (options.json !== true) return options.output ?? 'text';
  io.stderr.write('note: --json is taken as -o json, the form devnet documents (as kubectl does)\n');
  return 'json';
}
