/**
 * A clone of this repository tests itself with nothing beside it: no code or test reads a path
 * outside the repository, and the upstream files the tests use are kept in test/fixtures/upstream
 * exactly as their README pins them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../support/profiles.js';
import { UPSTREAM, UPSTREAM_DIR } from '../../support/upstream.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The `sha256  path` lines of the README's sha256 block. */
function pinned(): Map<string, string> {
  const readme = readFileSync(join(UPSTREAM_DIR, 'README.md'), 'utf8');
  const block = /## sha256\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return new Map(block.trim().split('\n').map((line) => {
    const [digest = '', path = ''] = line.trim().split(/\s+/);
    return [path, digest] as const;
  }));
}

describe('the repository is self-contained', () => {
  // A string literal (not prose in a comment) that climbs out of the repository to a sibling
  // directory beside the clone (the shared research folder, say), or names an absolute path of one machine.
  const outside = [/['"`][^'"`\n]*\.\.\/shared\b/, /['"]\.\.['"],\s*['"]shared['"]/, /['"`]\/work\//];
  const roots = ['src', 'test', 'scripts', 'bench'].map((d) => join(ROOT, d));
  const sources = [
    ...roots.flatMap(filesUnder).filter((f) => /\.(ts|tsx|mts|mjs|cjs|js|sh|json)$/.test(f) && !f.includes('node_modules')),
    ...readdirSync(ROOT).filter((f) => /^vitest.*\.config\.ts$|^eslint\.config\.js$/.test(f)).map((f) => join(ROOT, f)),
  ].filter((f) => f !== import.meta.filename);

  test('no source, test, script, benchmark or test config refers to a path outside the repository', () => {
    expect(sources.length).toBeGreaterThan(100);
    const offending = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && outside.some((re) => re.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  test('every upstream file the tests use is in test/fixtures/upstream with the sha256 its README pins', () => {
    const pins = pinned();
    const present = filesUnder(UPSTREAM_DIR).map((f) => relative(UPSTREAM_DIR, f)).filter((f) => f !== 'README.md');
    expect(present.sort()).toEqual([...pins.keys()].sort());
    for (const [path, digest] of pins) expect(sha256(join(UPSTREAM_DIR, path)), path).toBe(digest);
    for (const path of Object.values(UPSTREAM)) expect(pins.has(relative(UPSTREAM_DIR, path)), path).toBe(true);
  });
});
