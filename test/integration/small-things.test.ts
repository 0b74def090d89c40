/**
 * Small things a user notices: version and completion commands, durations shown as durations, help
 * that fits 80 columns.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Json } from '../support/objects.js';
import { runCli } from '../support/run-cli.js';

const COMMANDS = ['up', 'status', 'logs', 'health', 'dashboard', 'down', 'check', 'chaos', 'bundle', 'list', 'gc', 'images', 'cache', 'doctor', 'render', 'plan', 'explain', 'init', 'version', 'completion'];

describe('devnet version', () => {
  test('says devnet\'s version and what it pins, as text and as an object', async () => {
    const text = await runCli(['version']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^devnet +\d+\.\d+\.\d+$/m);
    expect(text.stdout).toMatch(/^linera +0\.15\.\d+$/m);
    const json = JSON.parse((await runCli(['version', '-o', 'json'])).stdout) as Json;
    expect(Object.keys(json)).toEqual(['devnet', 'node', 'kind', 'kindNodeImage', 'cert-manager', 'scylla-operator', 'linera']);
    expect(json.kind).toBe('0.33.0');
  });
});

describe('devnet completion', () => {
  test('bash completes every command devnet has, and a command\'s options, when bash runs it', async () => {
    const { stdout } = await runCli(['completion', 'bash']);
    const complete = (line: string) => {
      const words = line.split(' ');
      const program = `${stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}\n_devnet; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', program], { encoding: 'utf8', cwd: '/' }).split('\n').filter((l) => l !== '');
    };
    expect(complete('devnet ').sort()).toEqual([...COMMANDS].sort());
    expect(complete('devnet up --time')).toEqual(['--timeout']);
    expect(complete('devnet logs -p sub')).toContain('substrate');
  });

  test('an unknown shell is a usage error naming the ones it knows', async () => {
    const { code, stderr } = await runCli(['completion', 'powershell']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected one of bash, zsh, fish');
  });
});

describe('devnet init', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes a profile of your own, named after its file, whose editor schema resolves from where it lives', async () => {
    dir = mkdtempSync(join(tmpdir(), 'devnet-init-'));
    const result = await runCli(['init', 'mine.yaml', '-p', 'substrate'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir, 'mine.yaml'), 'utf8');
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1] ?? '';
    expect(existsSync(schema)).toBe(true);
    expect(JSON.parse(readFileSync(schema, 'utf8'))).toMatchObject({ $schema: expect.stringContaining('json-schema.org'), oneOf: expect.any(Array) });
    const plan = JSON.parse((await runCli(['plan', '-p', 'mine.yaml', '-o', 'json'], { cwd: dir })).stdout) as Json;
    expect(plan.devnet).toBe('mine');
    expect(result.stderr).toContain('next: devnet explain -p mine.yaml · devnet up -p mine.yaml');
  });

  test('never overwrites a file without --force', async () => {
    dir = mkdtempSync(join(tmpdir(), 'devnet-init-'));
    writeFileSync(join(dir, 'mine.yaml'), 'mine\n');
    const refused = await runCli(['init', 'mine.yaml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('mine.yaml exists already; nothing was written.');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', 'mine.yaml', '--force'], { cwd: dir })).code).toBe(0);
  });
});

describe('help', () => {
  test('durations are shown as durations', async () => {
    expect((await runCli(['up', '--help'])).stdout).toMatch(/overall deadline, e\.g\. 90s, 15m \(default:\s+15m\)/);
    expect((await runCli(['down', '--help'])).stdout).toMatch(/\(default:\s+5m\)/);
    expect((await runCli(['gc', '--help'])).stdout).toMatch(/\(default:\s+10m\)/);
  });

  test('every command\'s options fit in 80 columns (an example command line may run longer, to stay copyable)', async () => {
    for (const command of ['', ...COMMANDS]) {
      const { stdout } = await runCli([...(command === '' ? [] : [command]), '--help']);
      const long = stdout.split('\n').filter((line) => [...line].length > 80 && !line.trimStart().startsWith('$ '));
      expect(long, `devnet ${command} --help`).toEqual([]);
    }
  });
});
