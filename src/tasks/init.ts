/**
 * devnet init: a profile of your own, copied from a shipped one, that keeps its editor schema
 * wherever it is saved. The shipped profiles name the schema by a path relative to them, which a
 * copy elsewhere loses; the copy names it by its absolute path in this devnet instead.
 */
import { basename, join, relative, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import { shellQuote } from '../output/command-line.js';
import { theme } from '../output/theme.js';
import { isFile, readText, writeAtomic } from '../system/files.js';
import type { Io } from '../system/io.js';
import { profilesDir } from '../system/paths.js';
import { shippedProfiles } from './load-profile.js';

export interface InitFlags {
  file: string;
  from: string;
  force: boolean;
}

const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*$/m;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$/;

/** The shipped text with the schema named absolutely and, when the file name is a valid devnet name, that name. */
export function initialProfile(text: string, schemaPath: string, name: string | undefined): string {
  const schema = `# yaml-language-server: $schema=${schemaPath}`;
  const withSchema = SCHEMA_LINE.test(text) ? text.replace(SCHEMA_LINE, schema) : `${schema}\n${text}`;
  return name === undefined ? withSchema : withSchema.replace(/^name: .*$/m, `name: ${name}`);
}

export async function runInit(flags: InitFlags, io: Io): Promise<void> {
  const shipped = await shippedProfiles();
  if (!shipped.includes(flags.from)) throw new UserError(`There is no shipped profile ${flags.from}.`, { hint: `start from one of ${shipped.join(', ')}` });
  const target = resolve(io.cwd, flags.file.endsWith('.yaml') || flags.file.endsWith('.yml') ? flags.file : `${flags.file}.yaml`);
  const shown = relative(io.cwd, target).startsWith('..') ? target : relative(io.cwd, target);
  if (!flags.force && (await isFile(target))) {
    throw new UserError(`${shown} exists already; nothing was written.`, { hint: `choose another file, or pass --force to replace it` });
  }
  const candidate = basename(target).replace(/\.ya?ml$/, '');
  const name = DNS_LABEL.test(candidate) ? candidate : undefined;
  const text = await readText(join(profilesDir(), `${flags.from}.yaml`));
  await writeAtomic(target, initialProfile(text, join(profilesDir(), 'devnet-profile.schema.json'), name));
  const t = theme(io.env, io.stderr);
  io.stderr.write(`${t.ok('✔')} Wrote ${shown}, from the ${flags.from} profile${name === undefined ? '' : `, as devnet ${name}`}; your editor checks it against devnet's schema.\n`);
  io.stderr.write(`${t.dim(`  next: devnet explain -p ${shellQuote(shown)} · devnet up -p ${shellQuote(shown)}`)}\n`);
}
