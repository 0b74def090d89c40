/** Finds the description of the profile field at a path, for error hints. */
import type { z } from 'zod';
import type { FieldPath } from './source.js';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

const def = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips wrappers (default, optional, …) and returns the schema inside plus the first description met. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; description: string | undefined } {
  let current = schema;
  let description = current.description;
  for (;;) {
    const d = def(current);
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (inner === undefined) return { schema: current, description };
    current = inner;
    description ??= current.description;
  }
}

/** The child schema at one path segment; `data` picks the branch of a discriminated union. */
function child(schema: z.ZodType, segment: string | number, data: unknown): z.ZodType | undefined {
  const d = def(schema);
  if (d.type === 'object') return d.shape?.[String(segment)];
  if (d.type === 'record') return d.valueType;
  if (d.type === 'array') return d.element;
  if (d.type === 'union') {
    const branch = pickBranch(d.options ?? [], data) ?? d.options?.[0];
    return branch === undefined ? undefined : child(unwrap(branch).schema, segment, data);
  }
  return undefined;
}

/** The branch of a discriminated union whose literal fields (network, kind…) match the data there. */
function pickBranch(options: z.ZodType[], data: unknown): z.ZodType | undefined {
  const value = (data ?? {}) as Record<string, unknown>;
  return options.find((option) => {
    const literals = Object.entries(def(unwrap(option).schema).shape ?? {}).filter(([, field]) => def(unwrap(field).schema).type === 'literal');
    return literals.length > 0 && literals.every(([key, field]) => (def(unwrap(field).schema) as Def & { values?: unknown[] }).values?.includes(value[key]));
  });
}

export interface FieldInfo {
  description: string | undefined;
  /** Names of the fields an object at this path accepts. */
  knownKeys: string[];
}

export function describeField(root: z.ZodType, path: FieldPath, data: unknown): FieldInfo {
  let node: z.ZodType | undefined = root;
  let description: string | undefined = unwrap(root).description;
  let cursor: unknown = data;
  for (const segment of path) {
    if (node === undefined) break;
    const next = child(unwrap(node).schema, segment, cursor);
    node = next;
    description = next === undefined ? undefined : unwrap(next).description;
    cursor = (cursor as Record<string | number, unknown> | undefined)?.[segment];
  }
  return { description, knownKeys: node === undefined ? [] : objectKeys(unwrap(node).schema, cursor) };
}

function objectKeys(schema: z.ZodType, data: unknown): string[] {
  const d = def(schema);
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'union') {
    const branch = pickBranch(d.options ?? [], data);
    return branch === undefined ? [] : objectKeys(unwrap(branch).schema, data);
  }
  return [];
}
