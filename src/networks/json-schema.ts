/** The JSON Schema of profiles, generated from the zod schema, for editors and other tools. */
import * as z from 'zod';
import { profileSchema } from './registry.js';

export const SCHEMA_FILE = 'devnet-profile.schema.json';

export function profileJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...generated,
    title: 'devnet profile',
  };
}

export function profileJsonSchemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
