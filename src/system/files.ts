/**
 * File access for the edges of devnet. Writes are atomic (a temp file renamed into place), so an
 * interrupted run never leaves a half-written file; private files live in 0700 directories.
 */
import { access, constants, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function writeAtomic(path: string, text: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode });
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Creates the directory with mode 0700, or checks that an existing one is not open to others. */
export async function ensurePrivateDir(path: string): Promise<{ ok: true } | { ok: false; mode: number }> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) === 0) return { ok: true };
  return { ok: false, mode };
}

export async function readBytes(path: string): Promise<Buffer> {
  return readFile(path);
}

/** The first executable file called `name` on the PATH of `env`, as a shell would find it. */
export async function findOnPath(name: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (!(await isFile(candidate))) continue;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not executable: a shell skips it too
    }
  }
  return undefined;
}

export { rm };
