/**
 * Gets a prerequisite's manifest: from an offline directory, else the user's cache, else its
 * official release URL; always checked against the pinned sha256 before use.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError, EnvironmentError } from '../errors/index.js';
import { download } from '../system/download.js';
import { isFile, readText, writeAtomic } from '../system/files.js';
import type { Prerequisite } from './versions.js';

export interface SourceOptions {
  /** --manifests-dir: read manifests from here, never download. */
  offlineDir?: string | undefined;
  cacheDir: string;
  signal?: AbortSignal | undefined;
}

export interface Manifest {
  text: string;
  origin: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function manifestFor(prereq: Prerequisite, options: SourceOptions): Promise<Manifest> {
  if (options.offlineDir !== undefined) return offline(prereq, options.offlineDir);
  const cached = join(options.cacheDir, 'manifests', `${prereq.name}-${prereq.version}.yaml`);
  if (await isFile(cached)) {
    const text = await readText(cached);
    if (sha256(text) === prereq.sha256) return { text, origin: cached };
  }
  const text = await download(prereq.url, options.signal);
  const digest = sha256(text);
  if (digest !== prereq.sha256) {
    throw new EnvironmentError(`${prereq.url} does not match the pinned sha256 (got ${digest}).`, {
      hint: 'something between you and GitHub changed the file; download it yourself, check it, and pass --manifests-dir',
    });
  }
  await writeAtomic(cached, text);
  return { text, origin: prereq.url };
}

/** The manifest when it is at hand without the network (the offline directory, or devnet's cache); never downloads. */
export async function manifestAtHand(prereq: Prerequisite, options: SourceOptions): Promise<Manifest | undefined> {
  if (options.offlineDir !== undefined) return offline(prereq, options.offlineDir);
  const cached = join(options.cacheDir, 'manifests', `${prereq.name}-${prereq.version}.yaml`);
  if (!(await isFile(cached))) return undefined;
  const text = await readText(cached);
  return sha256(text) === prereq.sha256 ? { text, origin: cached } : undefined;
}

async function offline(prereq: Prerequisite, dir: string): Promise<Manifest> {
  for (const relative of prereq.offlinePaths) {
    const path = join(dir, relative);
    if (!(await isFile(path))) continue;
    const text = await readText(path);
    const digest = sha256(text);
    if (digest !== prereq.sha256) {
      throw new UserError(`${path} is not ${prereq.name} ${prereq.version}: its sha256 is ${digest}, not ${prereq.sha256}.`, {
        hint: `put the release manifest from ${prereq.url} there`,
      });
    }
    return { text, origin: path };
  }
  throw new UserError(`--manifests-dir ${dir} has no ${prereq.name} ${prereq.version} manifest.`, {
    hint: `put ${prereq.url} at ${join(dir, prereq.offlinePaths[0] ?? '')}`,
  });
}
