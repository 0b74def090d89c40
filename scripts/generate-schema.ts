// Regenerates profiles/devnet-profile.schema.json from the profile schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileJsonSchemaText, SCHEMA_FILE } from '../src/networks/json-schema.js';

const path = join(import.meta.dirname, '..', 'profiles', SCHEMA_FILE);
writeFileSync(path, profileJsonSchemaText());
console.log(`wrote ${path}`);
