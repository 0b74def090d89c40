import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, SHIPPED } from '../../test/support/profiles.js';
import { profileJsonSchema, profileJsonSchemaText, SCHEMA_FILE } from './json-schema.js';

describe('the JSON Schema in profiles/', () => {
  test('is what the profile schema generates (run npm run schema after changing the schema)', () => {
    expect(readFileSync(join(ROOT, 'profiles', SCHEMA_FILE), 'utf8')).toBe(profileJsonSchemaText());
  });

  test('every field has a description, so editors can explain it', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (typeof property.description !== 'string' || property.description === '') missing.push(`${path}.${name}`);
        walk(property, `${path}.${name}`);
      }
      for (const key of ['oneOf', 'anyOf', 'allOf', 'items', 'additionalProperties']) {
        const child = schema[key];
        if (Array.isArray(child)) child.forEach((c) => walk(c, path));
        else walk(child, key === 'items' ? `${path}[]` : key === 'additionalProperties' ? `${path}.*` : path);
      }
    };
    walk(profileJsonSchema(), '');
    expect(missing).toEqual([]);
  });

  test.each(SHIPPED)('profiles/%s.yaml points editors at the schema', (name) => {
    const first = readFileSync(join(ROOT, 'profiles', `${name}.yaml`), 'utf8').split('\n')[0];
    expect(first).toBe(`# yaml-language-server: $schema=./${SCHEMA_FILE}`);
  });
});
