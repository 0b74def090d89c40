/**
 * Which renderer shows the steps of `up`: listr2's live view only in an interactive terminal,
 * plain lines for CI, pipes and dumb terminals, NDJSON whenever --json is given.
 */
import { describe, expect, test } from 'vitest';
import type { Io } from '../../../src/system/io.js';
import { rendererFor, type RendererChoice } from '../../../src/tasks/steps.js';

function io(stderrIsTTY: boolean, env: Record<string, string>): Io {
  return {
    stdout: { write: () => true, isTTY: false },
    stderr: { write: () => true, isTTY: stderrIsTTY },
    env,
    cwd: '/',
    signal: new AbortController().signal,
  };
}

describe('rendererFor', () => {
  const rows: [string, boolean, Record<string, string>, boolean, RendererChoice][] = [
    ['a terminal', true, { TERM: 'xterm-256color' }, false, 'listr'],
    ['a terminal with --json', true, { TERM: 'xterm-256color' }, true, 'json'],
    ['stderr piped to a file', false, { TERM: 'xterm-256color' }, false, 'plain'],
    ['stderr piped, with --json', false, {}, true, 'json'],
    ['CI=true in a terminal (GitHub Actions allocates none, others do)', true, { CI: 'true' }, false, 'plain'],
    ['CI=1', true, { CI: '1' }, false, 'plain'],
    ['CI=false is not CI', true, { CI: 'false', TERM: 'xterm' }, false, 'listr'],
    ['CI set but empty is not CI', true, { CI: '', TERM: 'xterm' }, false, 'listr'],
    ['TERM=dumb (an editor\'s terminal)', true, { TERM: 'dumb' }, false, 'plain'],
    ['no TERM at all, in a terminal', true, {}, false, 'listr'],
    ['CI with --json', true, { CI: 'true' }, true, 'json'],
  ];
  test.each(rows.map(([name, isTTY, env, json, expected]) => ({ name, isTTY, env, json, expected })))('$name → $expected', ({ isTTY, env, json, expected }) => {
    expect(rendererFor(io(isTTY, env), json)).toBe(expected);
  });

  test.each([
    ['a pseudo-terminal nobody sized (0 columns) gets plain lines', 0, 'plain'],
    ['a sized terminal gets listr2', 120, 'listr'],
  ] as const)('%s', (_, columns, expected) => {
    const terminal = io(true, { TERM: 'xterm' });
    expect(rendererFor({ ...terminal, stderr: { ...terminal.stderr, columns } }, false)).toBe(expected);
  });
});
