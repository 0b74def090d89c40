/**
 * The devnet `up` last brought up on this machine, the way kubectl has a current context: the
 * commands that work on a running devnet use it when the user names none, and say so. Kept in
 * devnet's state directory; `down` of that devnet forgets it.
 */
import { basename, dirname, join } from 'node:path';
import { rm } from 'node:fs/promises';
import { isFile, readText, writeAtomic } from '../system/files.js';
import type { Io } from '../system/io.js';
import { profilesDir, stateDir } from '../system/paths.js';
import type { LoadedProfile, ProfileFlags } from './load-profile.js';
import type { ClusterFlags } from './target.js';

export interface Current {
  devnet: string;
  /** A shipped profile's name, or the file's absolute path (so it reads from any directory). */
  profile: string;
  set: string[];
  validators?: number | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
}

const file = (io: Pick<Io, 'env'>) => join(stateDir(io.env), 'current.json');

export async function rememberCurrent(io: Pick<Io, 'env'>, loaded: LoadedProfile, flags: ProfileFlags & ClusterFlags): Promise<void> {
  const shipped = dirname(loaded.path) === profilesDir();
  const current: Current = {
    devnet: loaded.profile.name,
    profile: shipped ? basename(loaded.path, '.yaml') : loaded.path,
    set: flags.set,
    validators: flags.validators,
    context: flags.context,
    kubeconfig: flags.kubeconfig,
  };
  await writeAtomic(file(io), `${JSON.stringify(current, null, 2)}\n`, 0o600);
}

export async function readCurrent(io: Pick<Io, 'env'>): Promise<Current | undefined> {
  if (!(await isFile(file(io)))) return undefined;
  try {
    const current = JSON.parse(await readText(file(io))) as Current;
    return typeof current.devnet === 'string' && typeof current.profile === 'string' && Array.isArray(current.set) ? current : undefined;
  } catch {
    // A file devnet cannot read names nothing; the commands then use the default profile.
    return undefined;
  }
}

/** After `down`: a devnet that is gone is no longer the one commands default to. */
export async function forgetCurrent(io: Pick<Io, 'env'>, devnet: string): Promise<void> {
  if ((await readCurrent(io))?.devnet === devnet) await rm(file(io), { force: true });
}

/**
 * The flags to use: the user's when they named a devnet or a cluster, else the current devnet's.
 * `note` says which devnet was taken and why, for stderr.
 */
export async function withCurrent<F extends ProfileFlags & ClusterFlags>(flags: F, io: Pick<Io, 'env'>): Promise<{ flags: F; note?: string }> {
  if (flags.profileGiven !== false || flags.context !== undefined || flags.kubeconfig !== undefined) return { flags };
  const current = await readCurrent(io);
  if (current === undefined) return { flags };
  const chosen = { ...flags, profile: current.profile, set: current.set, validators: current.validators, context: current.context, kubeconfig: current.kubeconfig };
  return { flags: chosen, note: `devnet ${current.devnet}, the last one brought up here; -p chooses another` };
}
