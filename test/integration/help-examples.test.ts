/**
 * Every example `--help` prints works: render, plan and explain examples run whole (up to a pipe),
 * and for the commands that need a running devnet, the profile the example names (-p, --set,
 * --validators, --seed) is accepted as that command would load it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli.js';

const COMMANDS = ['up', 'status', 'logs', 'health', 'dashboard', 'down', 'check', 'bundle', 'list', 'gc', 'images', 'cache', 'doctor', 'render', 'plan', 'explain'];
/** The helps that print examples: a command's own, or each subcommand's for a command made of them. */
const HELPS = [...COMMANDS.filter((c) => c !== 'images' && c !== 'cache').map((c) => [c]), ['images', 'list'], ['images', 'save'], ['images', 'load'], ['cache', 'status'], ['cache', 'prune']];
const OFFLINE = ['render', 'plan', 'explain'];
const PROFILE_FLAGS = new Set(['-p', '--profile', '--set', '--validators', '--seed']);

/** The words of a shell command line, up to its first pipe, redirection or &&. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const bare = match[3];
    if (bare !== undefined && ['|', '>', '&&'].includes(bare)) break;
    out.push(match[1] ?? match[2] ?? bare ?? '');
  }
  return out;
}

async function examplesOf(command: string[]): Promise<string[][]> {
  const help = await runCli([...command, '--help']);
  return [...help.stdout.matchAll(/^\s+\$ (devnet .*)$/gm)].map((m) => words(m[1] ?? '').slice(1));
}

const cwd = mkdtempSync(join(tmpdir(), 'devnet-examples-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const examples = (await Promise.all(HELPS.map(examplesOf))).flat();

describe('the examples of every --help', () => {
  test('there are examples for every command', () => {
    expect(new Set(examples.map((e) => e[0]))).toEqual(new Set(COMMANDS));
  });

  test.each(examples.filter((e) => OFFLINE.includes(e[0] ?? '')).map((e) => [e.join(' '), e]))('devnet %s runs', async (_, argv) => {
    const result = await runCli(argv, { cwd });
    expect(result.code, result.stderr).toBe(0);
  });

  test.each(examples.filter((e) => !OFFLINE.includes(e[0] ?? '')).map((e) => [e.join(' '), e]))('devnet %s names a profile devnet accepts', async (_, argv) => {
    const flags = argv.flatMap((word, i) => (PROFILE_FLAGS.has(word) ? [word, argv[i + 1] ?? ''] : []));
    const result = await runCli(['plan', ...flags], { cwd });
    expect(result.code, result.stderr).toBe(0);
  });
});
