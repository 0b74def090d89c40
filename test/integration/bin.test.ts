import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../support/profiles.js';

const BIN = join(ROOT, 'bin', 'devnet.js');

async function devnet(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the devnet executable', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
  });

  test('--help loads only what it prints: no commander, no command', () => {
    // Every module the built entry loads before it runs, following the static imports of its chunks.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, chunk] of readFileSync(join(ROOT, 'dist', 'cli', file), 'utf8').matchAll(/^import (?:[^;]* from )?"\.\/([^"]+)";$/gm)) visit(chunk ?? '');
    };
    visit('main.js');
    const sources = [...seen].flatMap((file) => [...readFileSync(join(ROOT, 'dist', 'cli', file), 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]));
    expect(sources).toEqual(expect.arrayContaining(['src/cli/catalogue.ts', 'src/cli/main.ts']));
    expect(sources.filter((s) => s?.startsWith('node_modules/') || s?.startsWith('src/cli/commands/') || s === 'src/cli/program.ts')).toEqual([]);
  });

  test('exits 0 and prints help', async () => {
    const { code, stdout } = await devnet(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: devnet');
  });

  test('maps a user error to exit 1 with no stack trace', async () => {
    const { code, stderr } = await devnet(['render', '-p', 'test/fixtures/profiles/broken/types.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('types.yaml:4:13  validators:');
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test('maps a usage error to exit 2', async () => {
    expect((await devnet(['render', '--no-such-flag'])).code).toBe(2);
  });

  test('a reader that stops early (devnet render | head -1) ends it quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'render', '-p', 'linera-production'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
  });

  test('renders the default profile as YAML on stdout', async () => {
    const { code, stdout } = await devnet(['render']);
    expect(code).toBe(0);
    expect(stdout.startsWith('kind: Cluster\n')).toBe(true);
  });
});
