/** Where the kind tier keeps what it builds: outside the clone, keyed by content, shared by checkouts. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function kindCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'devnet', 'kind');
}

export function contentKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * Returns `dir`, filling it with `build` first when it does not exist. The build writes into a
 * temporary sibling that is renamed into place only when complete, so an interrupted build never
 * looks finished.
 */
export async function cachedDir(dir: string, build: (into: string) => Promise<void>): Promise<{ dir: string; built: boolean }> {
  if (existsSync(dir)) return { dir, built: false };
  const temp = `${dir}.building-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    await build(temp);
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { dir, built: true };
}
