/**
 * A profile as written: its YAML document with positions, so every problem can point at the file,
 * line and column of the field it is about.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { documentProblems, YAML_OPTIONS } from './yaml-problems.js';

export type FieldPath = readonly (string | number)[];

export interface Location {
  file: string;
  line: number;
  col: number;
}

export interface ProfileSource {
  file: string;
  doc: Document;
  /** Position of the value at `path`, or of the closest ancestor that exists. */
  locate(path: FieldPath, at?: 'key' | 'value'): Location;
}

export interface YamlSyntaxProblem {
  message: string;
  hint: string;
  location: Location;
}

export function parseSource(file: string, text: string): { source: ProfileSource; syntax: YamlSyntaxProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, col: pos.col };
  };
  const syntax = documentProblems(doc).map((problem) => ({ message: problem.message, hint: problem.hint, location: at(problem.offset) }));
  const locate = (path: FieldPath, where: 'key' | 'value' = 'value'): Location => {
    const range = findRange(doc.contents, path, where);
    return range === undefined ? { file, line: 1, col: 1 } : at(range);
  };
  return { source: { file, doc, locate }, syntax };
}

/** Walks the document along `path`; stops at the deepest node that exists. */
function findRange(root: unknown, path: FieldPath, where: 'key' | 'value'): number | undefined {
  let node: unknown = root;
  let best = rangeStart(root);
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return best;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      best = last && where === 'key' ? keyStart ?? best : valueStart ?? keyStart ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return best;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
