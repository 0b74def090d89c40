/** Turns schema issues into problems a person can act on. */
import type { z } from 'zod';
import { describeField } from './describe.js';
import type { Problem } from './problem.js';
import { closest } from './suggest.js';

type Issue = z.core.$ZodIssue;

export function issuesToProblems(schema: z.ZodType, issues: readonly Issue[], data: unknown): Problem[] {
  return issues.flatMap((issue) => toProblems(schema, issue, data));
}

function toProblems(schema: z.ZodType, issue: Issue, data: unknown): Problem[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const field = describeField(schema, path, data);
  const hint = field.description;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey([...path, key], key, describeField(schema, path, data).knownKeys));
    case 'invalid_type':
      return [{ severity: 'error', path, message: typeMessage(issue), hint }];
    case 'invalid_value':
      return [{ severity: 'error', path, message: valueMessage(issue), hint: suggestValue(issue) ?? requiredValue(issue, path) ?? hint }];
    case 'invalid_union':
      return [unionProblem(issue, path, hint, data)];
    case 'invalid_key':
      // A record's key: the key schema's own words ("must be a registry host…"), placed on the key.
      return [{ severity: 'error', path, at: 'key', message: `is not a valid key: ${issue.issues.map((inner) => inner.message).join('; ')}`, hint }];
    default:
      return [{ severity: 'error', path, message: issue.message, hint }];
  }
}

function unknownKey(path: (string | number)[], key: string, known: string[]): Problem {
  const guess = closest(key, known);
  return {
    severity: 'error',
    path,
    at: 'key',
    message: 'is not a known field',
    hint: guess === undefined ? `known fields here: ${known.join(', ')}` : `did you mean "${guess}"?`,
  };
}

function typeMessage(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  if (issue.input === undefined) return 'is required';
  return `must be ${article(issue.expected)}, not ${describeValue(issue.input)}`;
}

function valueMessage(issue: Extract<Issue, { code: 'invalid_value' }>): string {
  const options = issue.values.map((value) => JSON.stringify(value)).join(', ');
  if (issue.input === undefined) return `is required: ${issue.values.length === 1 ? options : `one of ${options}`}`;
  const got = issue.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
  return issue.values.length === 1 ? `must be ${options}${got}` : `must be one of ${options}${got}`;
}

/** A field with one possible value, missing: the line to add, ready to paste. */
function requiredValue(issue: Extract<Issue, { code: 'invalid_value' }>, path: (string | number)[]): string | undefined {
  const [only] = issue.values;
  if (issue.input !== undefined || issue.values.length !== 1 || path.length !== 1) return undefined;
  return `add \`${String(path[0])}: ${String(only)}\` at the top of the profile`;
}

function suggestValue(issue: Extract<Issue, { code: 'invalid_value' }>): string | undefined {
  if (typeof issue.input !== 'string') return undefined;
  const guess = closest(issue.input, issue.values.map(String));
  return guess === undefined ? undefined : `did you mean "${guess}"?`;
}

function unionProblem(issue: Extract<Issue, { code: 'invalid_union' }>, path: (string | number)[], hint: string | undefined, data: unknown): Problem {
  const discriminator = (issue as { discriminator?: string }).discriminator;
  if (discriminator !== undefined) {
    const at = path.at(-1) === discriminator ? path : [...path, discriminator];
    const value = at.reduce<unknown>((cursor, segment) => (cursor as Record<string | number, unknown> | null | undefined)?.[segment], data);
    const options = issue.message.replace(/^(\w+ )?must be /, '');
    const message = value === undefined ? `is required: ${options}` : `must be ${options} (got ${JSON.stringify(value)})`;
    const guess = typeof value === 'string' ? closest(value, [...options.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '')) : undefined;
    const hint = guess !== undefined ? `did you mean "${guess}"?` : at.length === 1 ? 'choose the network kind this profile describes' : 'each kind takes its own fields';
    return { severity: 'error', path: at, message, hint };
  }
  return { severity: 'error', path, message: 'is not a valid value here', hint };
}

function article(type: string): string {
  const names: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', object: 'a mapping (key: value)', array: 'a list' };
  return names[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
