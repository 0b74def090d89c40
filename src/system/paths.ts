/** Where devnet's own files are, and where it keeps per-user state and cache. */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The devnet checkout or package: src/system/paths.ts and the dist/cli/ bundle are both two levels down. */
export function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function profilesDir(): string {
  return join(packageRoot(), 'profiles');
}

export function clustersDir(): string {
  return join(packageRoot(), 'clusters');
}

export function stateDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.DEVNET_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'devnet');
}

export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.DEVNET_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'devnet');
}
