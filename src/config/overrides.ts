/**
 * Command-line overrides: `--set linera.shards.replicas=4` and shortcuts such as `--validators 4`.
 * They are applied to the YAML document before validation, so their values are checked exactly
 * like the file's, and problems with them point at the flag instead of a line.
 */
import { parse as parseYaml } from 'yaml';
import { isCollection, isScalar, type Document } from 'yaml';
import type { FieldPath } from './source.js';

export interface Override {
  path: (string | number)[];
  value: unknown;
  /** How the user wrote it, e.g. `--set linera.shards.replicas=4`. */
  flag: string;
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
  return { path: segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), value: parseValue(text.slice(eq + 1)), flag: `--set ${text}` };
}

/** Values are read as YAML, so `4` is a number, `true` a boolean and `[a, b]` a list; `""` is an empty string. */
function parseValue(text: string): unknown {
  if (text === '') return '';
  try {
    return parseYaml(text) as unknown;
  } catch {
    return text;
  }
}

/** A flag that sets one field, e.g. --validators 4; strings stay strings (a seed of "007" keeps its zeros). */
export function shortcut(path: string, value: string | number, flag: string): Override {
  return { path: [path], value, flag };
}

/** Applies overrides in order; returns a message for each one that cannot be applied. */
export function applyOverrides(doc: Document, overrides: readonly Override[]): { override: Override; message: string }[] {
  const failures: { override: Override; message: string }[] = [];
  for (const override of overrides) {
    const blocker = scalarOnPath(doc, override.path);
    if (blocker !== undefined) {
      failures.push({ override, message: `${blocker.join('.')} is a single value, so ${override.path.join('.')} cannot be set inside it` });
      continue;
    }
    if (doc.contents === null) doc.contents = doc.createNode({});
    doc.setIn(override.path, doc.createNode(override.value));
  }
  return failures;
}

function scalarOnPath(doc: Document, path: FieldPath): FieldPath | undefined {
  for (let i = 1; i < path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true);
    if (node === undefined || node === null) return undefined;
    if (isScalar(node) && node.value !== null) return path.slice(0, i);
    if (!isCollection(node) && !isScalar(node)) return undefined;
  }
  return undefined;
}

/** The override that set this path or one of its parents, if any (the last one wins). */
export function overrideFor(overrides: readonly Override[], path: FieldPath): Override | undefined {
  return [...overrides].reverse().find((o) => o.path.length <= path.length && o.path.every((s, i) => String(s) === String(path[i])));
}
