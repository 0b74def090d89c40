/**
 * Command-line overrides: `--set linera.shards.replicas=4` and shortcuts such as `--validators 4`.
 * They are applied to the YAML document before validation, so their values are checked exactly
 * like the file's, and problems with them point at the flag instead of a line.
 */
import { isAlias, isCollection, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { FieldPath } from './source.js';
import { documentData, documentProblems, YAML_OPTIONS } from './yaml-problems.js';

export interface Override {
  path: (string | number)[];
  value: unknown;
  /** How the user wrote it, e.g. `--set linera.shards.replicas=4`. */
  flag: string;
  /** Set when the value is not valid YAML; reported with the profile's other problems. */
  problem?: { message: string; hint: string };
}

export interface OverrideFailure {
  override: Override;
  message: string;
  hint: string;
}

export class OverrideSyntaxError extends Error {}

export function parseSetFlag(text: string): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new OverrideSyntaxError(`--set ${text}: expected path=value, e.g. --set linera.shards.replicas=4`);
  const rawPath = text.slice(0, eq);
  const segments = rawPath.split('.');
  if (segments.some((segment) => segment === '')) {
    throw new OverrideSyntaxError(`--set ${text}: "${rawPath}" is not a field path; write segments separated by dots, e.g. linera.shards.replicas`);
  }
  const raw = text.slice(eq + 1);
  return { path: segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), flag: `--set ${rawPath}=${shown(raw)}`, ...parseValue(raw, rawPath) };
}

/** A value as the user can recognise it on one line: control characters escaped, long ones cut. */
function shown(raw: string): string {
  const cut = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  return [...cut].some((c) => c < ' ') ? JSON.stringify(cut) : cut;
}

/** Values are read as YAML, so `4` is a number, `true` a boolean and `[a, b]` a list; `""` is an empty string. */
function parseValue(raw: string, path: string): { value: unknown; problem?: Override['problem'] } {
  if (raw === '') return { value: '' };
  const lineCounter = new LineCounter();
  const doc = parseDocument(raw, { ...YAML_OPTIONS, lineCounter });
  const [first] = documentProblems(doc);
  if (first === undefined) return { value: documentData(doc) };
  const { line, col } = lineCounter.linePos(first.offset);
  return {
    value: undefined,
    problem: {
      message: `is not valid YAML at line ${line}, column ${col}: ${first.message}`,
      hint: `${first.hint}; to pass text as it is, quote it: --set '${path}="…"'`,
    },
  };
}

/** A flag that sets one field, e.g. --validators 4; strings stay strings (a seed of "007" keeps its zeros). */
export function shortcut(path: string, value: string | number, flag: string): Override {
  return { path: [path], value, flag };
}

/** Applies overrides in order; returns what went wrong with each one that cannot be applied. */
export function applyOverrides(doc: Document, overrides: readonly Override[]): OverrideFailure[] {
  const failures: OverrideFailure[] = [];
  for (const override of overrides) {
    const refusal = override.problem ?? blocker(doc, override.path);
    if (refusal !== undefined) {
      failures.push({ override, ...refusal });
      continue;
    }
    if (doc.contents === null) doc.contents = doc.createNode({});
    doc.setIn(override.path, doc.createNode(override.value));
  }
  return failures;
}

/** Why the path cannot be set in this document, if something on the way stops it. */
function blocker(doc: Document, path: FieldPath): { message: string; hint: string } | undefined {
  for (let i = 1; i < path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true);
    const parent = path.slice(0, i).join('.');
    const inside = path.join('.');
    if (node === undefined || node === null) return undefined;
    if (isScalar(node) && node.value !== null) return { message: `${parent} is a single value, so ${inside} cannot be set inside it`, hint: 'set the parent field instead' };
    if (isAlias(node)) {
      return { message: `${parent} is an alias of another part of the file (*${node.source}), so ${inside} cannot be set on its own`, hint: `write ${parent} out in full in the file, or set the field where &${node.source} is` };
    }
    if (isSeq(node) && typeof path[i] !== 'number') {
      return { message: `${parent} is a list, so its items are set by number, not by "${String(path[i])}"`, hint: `e.g. --set ${[...path.slice(0, i), 0, ...path.slice(i)].join('.')}=…` };
    }
    if (!isCollection(node) && !isScalar(node)) return undefined;
  }
  return undefined;
}

/** The override that set this path or one of its parents, if any (the last one wins). */
export function overrideFor(overrides: readonly Override[], path: FieldPath): Override | undefined {
  return [...overrides].reverse().find((o) => o.path.length <= path.length && o.path.every((s, i) => String(s) === String(path[i])));
}
