/**
 * The kind every command runs, chosen once per command by src/cluster/kind-binary.ts: the pinned
 * release from PATH, or devnet's own verified copy. Only up, which creates clusters, downloads it.
 */
import { ensureKind, locateKind } from '../cluster/kind-binary.js';
import type { KindOptions } from '../cluster/kind.js';
import type { Io } from '../system/io.js';
import { run } from '../system/process.js';

/** For commands that list, read or delete clusters: whatever kind is here, never a download. */
export async function kindHere(io: Pick<Io, 'env'>, signal?: AbortSignal): Promise<KindOptions> {
  const env = { ...io.env };
  return { run, env, signal, binary: await locateKind({ run, env, signal }) };
}

/** For up: the pinned kind, downloaded and checked when this machine has none. */
export async function kindPinned(io: Pick<Io, 'env'>, signal: AbortSignal, note: (message: string) => void): Promise<KindOptions> {
  const env = { ...io.env };
  const kind = await ensureKind({ run, env, signal }, note);
  return { run, env, signal, binary: kind.path };
}
