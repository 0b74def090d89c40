/** Reads a profile (a file or a shipped profile's name), applies flags, and checks it. */
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { readdir } from 'node:fs/promises';
import { UsageError, UserError } from '../errors/index.js';
import type { CheckStage, ProfileUse } from '../config/check.js';
import { checkProfile } from '../networks/registry.js';
import { closest } from '../config/suggest.js';
import { OverrideSyntaxError, parseSetFlag, shortcut, type Override } from '../config/overrides.js';
import { formatProblem, type LocatedProblem } from '../config/problem.js';
import type { Profile } from '../networks/registry.js';
import type { Topology } from '../networks/topology.js';
import { isFile, readText } from '../system/files.js';
import { profilesDir } from '../system/paths.js';

export interface ProfileFlags {
  profile: string;
  set: string[];
  validators?: number | undefined;
  seed?: string | undefined;
  /** False when the user gave none of -p, --set, --validators, --seed: `profile` is then the default. */
  profileGiven?: boolean | undefined;
}

export interface LoadedProfile {
  /** As the user sees it: relative to the working directory when inside it. */
  file: string;
  /** Where it was read from. */
  path: string;
  profile: Profile;
  topology: Topology;
  warnings: LocatedProblem[];
}

export class ProfileError extends UserError {}

/** What to do, and what is checked next once these are fixed: each stage needs the one before it. */
const NEXT_STAGE: Record<CheckStage, string> = {
  yaml: 'fix the YAML above; the fields are checked once it parses, then the rules across fields',
  fields: 'fix the fields above; the rules across fields run once every field is valid (the JSON Schema in profiles/ lets your editor check fields as you type)',
  rules: 'fix the fields above and run the command again (the JSON Schema in profiles/ lets your editor check them as you type)',
};

/**
 * `use` is 'existing' for the commands that read or remove a devnet that exists: a profile that no
 * longer gives a devnet that works (see Problem's viability) must not keep its devnet from being
 * seen or taken down.
 */
export async function loadProfile(flags: ProfileFlags, cwd: string, use: ProfileUse = 'deploy'): Promise<LoadedProfile> {
  const path = await resolveProfile(flags.profile, cwd);
  const shown = relative(cwd, path).startsWith('..') ? path : relative(cwd, path);
  const text = await readText(path);
  const result = checkProfile({ file: shown, text, overrides: overridesFrom(flags), use });
  if (!result.ok) {
    const count = result.errors.length;
    throw new ProfileError(`${shown} has ${count} problem${count === 1 ? '' : 's'}:`, {
      details: result.errors.map(formatProblem).flatMap((p) => p.split('\n')),
      hint: NEXT_STAGE[result.stage],
    });
  }
  return { file: shown, path, profile: result.profile, topology: result.topology, warnings: result.warnings };
}

function overridesFrom(flags: ProfileFlags): Override[] {
  try {
    return [
      ...flags.set.map(parseSetFlag),
      ...(flags.validators === undefined ? [] : [shortcut('validators', flags.validators, `--validators ${flags.validators}`)]),
      ...(flags.seed === undefined ? [] : [shortcut('seed', String(flags.seed), `--seed ${flags.seed}`)]),
    ];
  } catch (error) {
    if (error instanceof OverrideSyntaxError) throw new UsageError(error.message);
    throw error;
  }
}

async function resolveProfile(value: string, cwd: string): Promise<string> {
  const asPath = isAbsolute(value) ? value : resolve(cwd, value);
  if (await isFile(asPath)) return asPath;
  const shipped = join(profilesDir(), `${basename(value, '.yaml')}.yaml`);
  if (!value.includes('/') && (await isFile(shipped))) return shipped;
  const names = await shippedProfiles();
  const name = basename(value, '.yaml');
  // A shipped name cut short (linera-prod) or misspelt (substrat) gets the one meant.
  const guess = value.includes('/') ? undefined : (names.find((n) => n.startsWith(name) && name.length >= 3) ?? closest(name, names));
  throw new UserError(`No profile at ${value}.`, {
    hint: guess !== undefined ? `did you mean -p ${guess}? The shipped profiles: ${names.join(', ')}` : `give a path to a profile file, or one of the shipped profiles: ${names.join(', ')}`,
  });
}

export async function shippedProfiles(): Promise<string[]> {
  const files = await readdir(profilesDir());
  return files.filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort();
}
