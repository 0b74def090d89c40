/**
 * Every error the YAML library can report reaches the user as a profile problem: exit 1, the file
 * (or the --set flag) and the position, a hint, and no stack trace. The table covers the installed
 * library's whole error-code catalogue (node_modules/yaml/dist/errors.d.ts, `ErrorCode`), plus what
 * the library throws rather than reports: aliases that cannot be resolved or expand without end.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDocument, YAMLParseError, type ErrorCode } from 'yaml';
import { YAML_OPTIONS, yamlErrorProblem } from '../../src/config/yaml-problems.js';
import { ROOT } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';

interface Case {
  /** YAML that makes the library report the code (checked below, so the table stays honest). */
  text: string;
  /** 1-based line and column devnet must point at; column undefined where the library's own stack depth decides it. */
  at: [number, number | undefined];
}

const nested = 'a: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n';
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');

// IMPOSSIBLE is raised only on states the library's own lexer never produces ("should not
// happen" in compose/resolve-block-scalar.js and resolve-block-map.js); no text reaches it, so it
// is checked below through the translation of a constructed error.
const CATALOGUE: Record<Exclude<ErrorCode, 'IMPOSSIBLE'>, Case> = {
  ALIAS_PROPS: { text: 'a: &x 1\nb: !!str *x\n', at: [2, 10] },
  BAD_ALIAS: { text: 'a: &\n', at: [1, 4] },
  BAD_DIRECTIVE: { text: '%YAML 1.1 x\n---\na: 1\n', at: [1, 1] },
  BAD_DQ_ESCAPE: { text: 'a: "\\q"\n', at: [1, 5] },
  BAD_INDENT: { text: 'a:\n  b: 1\n  #c\n c: 2\n', at: [4, 2] },
  BAD_PROP_ORDER: { text: '&x ? a\n: b\n', at: [1, 4] },
  BAD_SCALAR_START: { text: 'a: @x\n', at: [1, 4] },
  BLOCK_AS_IMPLICIT_KEY: { text: 'a: b: c\n', at: [1, 4] },
  BLOCK_IN_FLOW: { text: '{ a: - b }\n', at: [1, 6] },
  DUPLICATE_KEY: { text: 'name: one\nname: two\n', at: [2, 1] },
  KEY_OVER_1024_CHARS: { text: `${'k'.repeat(1030)}: 1\n`, at: [1, 1] },
  MISSING_CHAR: { text: 'a: "abc\n', at: [2, 1] },
  MULTILINE_IMPLICIT_KEY: { text: 'a\nb: 1\n', at: [1, 1] },
  MULTIPLE_ANCHORS: { text: 'a: &x &y 1\n', at: [1, 7] },
  MULTIPLE_DOCS: { text: 'a: 1\n---\nb: 2\n', at: [2, 1] },
  MULTIPLE_TAGS: { text: 'a: !!str !!str 1\n', at: [1, 10] },
  NON_STRING_KEY: { text: '? [a]\n: 1\n', at: [1, 3] },
  RESOURCE_EXHAUSTION: { text: nested, at: [1, undefined] },
  TAB_AS_INDENT: { text: 'a:\n\t- 1\n', at: [2, 1] },
  TAG_RESOLVE_FAILED: { text: 'a: !!int many\n', at: [1, 4] },
  UNEXPECTED_TOKEN: { text: 'a: 1\n]\n', at: [2, 1] },
  BAD_COLLECTION_TYPE: { text: 'a: !!set [1]\n', at: [1, 4] },
};

/** What the library throws while turning the document into values, instead of reporting it. */
const THROWN: Record<string, Case & { says: string }> = {
  'an alias without its anchor': { text: 'a: 1\nb: *nowhere\n', at: [2, 4], says: 'no anchor &nowhere' },
  'an alias inside the value it names': { text: 'a: &x\n  b: *x\n', at: [2, 6], says: 'inside the value it stands for' },
  'aliases that expand without bound': { text: bomb, at: [4, 5], says: 'more than 10000 values' },
};

const dir = mkdtempSync(join(tmpdir(), 'devnet-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectUserError(result: { code: number; stdout: string; stderr: string }): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/\n\s+hint: \S/);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.stderr).not.toMatch(/bug in devnet|parseAllDocuments|ReferenceError|Maximum call stack/);
}

describe('the YAML error catalogue', () => {
  test('the table covers every code of the installed yaml library', () => {
    const declared = readFileSync(join(ROOT, 'node_modules', 'yaml', 'dist', 'errors.d.ts'), 'utf8');
    const codes = [...(/export type ErrorCode = ([^;]+);/.exec(declared)?.[1] ?? '').matchAll(/'([A-Z_0-9]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(20);
    expect([...Object.keys(CATALOGUE), 'IMPOSSIBLE'].sort()).toEqual([...codes].sort());
  });

  test.each(Object.entries(CATALOGUE))('%s: the library reports it for the input in the table', (code, { text }) => {
    const doc = parseDocument(text, YAML_OPTIONS);
    expect([...doc.errors, ...doc.warnings].map((e) => e.code)).toContain(code);
  });

  test.each(Object.entries(CATALOGUE))('%s in a profile: exit 1 with file:line:col and a hint', async (code, { text, at }) => {
    const file = join(dir, `${code.toLowerCase()}.yaml`);
    writeFileSync(file, text);
    const result = await runCli(['render', '-p', file]);
    expectUserError(result);
    expect(result.stderr).toContain(at[1] === undefined ? `${file}:${at[0]}:` : `${file}:${at[0]}:${at[1]}  `);
  });

  test.each(Object.entries(CATALOGUE))('%s in a --set value: exit 1 naming the flag and the position in the value', async (code, { text, at }) => {
    const result = await runCli(['render', '--set', `linera.shards.flags=${text}`]);
    expectUserError(result);
    expect(result.stderr).toContain('--set linera.shards.flags=');
    expect(result.stderr).toContain(at[1] === undefined ? `at line ${at[0]}, column` : `at line ${at[0]}, column ${at[1]}:`);
  });

  test('IMPOSSIBLE, which no text reaches, is still worded for a person', () => {
    const problem = yamlErrorProblem(new YAMLParseError([4, 5], 'IMPOSSIBLE', 'Map comment with trailing content'));
    expect(problem).toMatchObject({ offset: 4, message: 'Map comment with trailing content' });
    expect(problem.hint).toContain('rewrite the text around this position');
  });
});

describe('what the library throws rather than reports', () => {
  test.each(Object.entries(THROWN))('%s: exit 1 at the alias, in a profile and in a --set value', async (name, { text, at, says }) => {
    const file = join(dir, `${name.replaceAll(' ', '-')}.yaml`);
    writeFileSync(file, text);
    const inFile = await runCli(['render', '-p', file]);
    expectUserError(inFile);
    expect(inFile.stderr).toContain(`${file}:${at[0]}:${at[1]}  `);
    expect(inFile.stderr).toContain(says);

    const inFlag = await runCli(['render', '--set', `linera.shards.flags=${text}`]);
    expectUserError(inFlag);
    expect(inFlag.stderr).toContain(`at line ${at[0]}, column ${at[1]}:`);
    expect(inFlag.stderr).toContain(says);
  });

  test('an alias used as intended still works, in a file and in a --set value', async () => {
    const file = join(dir, 'anchors.yaml');
    writeFileSync(file, ['apiVersion: devnet/v1', 'name: anchors', 'network: linera', 'linera:', '  shards:', '    resources: &small', '      limits: { cpu: 300m, memory: 300Mi }', '  proxies:', '    resources: *small', ''].join('\n'));
    const result = await runCli(['render', '-p', file, '-o', 'json', '--set', 'linera.logLevel=&lvl debug']);
    expect(result.code, result.stderr).toBe(0);
    const proxy = (JSON.parse(result.stdout) as { items: { kind: string; metadata: { name: string }; spec: { template: { spec: { containers: { resources: unknown }[] } } } }[] }).items.find(
      (o) => o.kind === 'StatefulSet' && o.metadata.name === 'proxy',
    );
    expect(proxy?.spec.template.spec.containers[0]?.resources).toMatchObject({ limits: { cpu: '300m', memory: '300Mi' } });
  });
});

describe('--set paths the document cannot take', () => {
  test('a field inside an alias is refused, naming the alias and what to do', async () => {
    const file = join(dir, 'aliased.yaml');
    writeFileSync(file, 'apiVersion: devnet/v1\nname: aliased\nnetwork: linera\nlinera:\n  shards: &s\n    replicas: 1\n  proxies: *s\n');
    const result = await runCli(['render', '-p', file, '--set', 'linera.proxies.replicas=2']);
    expectUserError(result);
    expect(result.stderr).toContain('--set linera.proxies.replicas=2  linera.proxies.replicas: linera.proxies is an alias of another part of the file');
  });

  test('a named field inside a list is refused, saying lists take item numbers', async () => {
    const result = await runCli(['render', '--set', 'linera.blockExporter.destinations=[]', '--set', 'linera.blockExporter.destinations.kind=Indexer']);
    expectUserError(result);
    expect(result.stderr).toContain('linera.blockExporter.destinations is a list');
    expect(result.stderr).toContain('linera.blockExporter.destinations.0.kind');
  });
});
