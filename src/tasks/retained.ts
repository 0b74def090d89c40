/**
 * A kind cluster whose creation failed is kept (kind create --retain) so its node's logs can be
 * read. devnet writes down why in the cluster's state directory: later commands then know the
 * cluster never ran (no devnet can be in it, its API server may not answer), and down --cluster,
 * which removes that directory, clears it.
 */
import { join } from 'node:path';
import { isFile, readText, rm, writeAtomic } from '../system/files.js';
import type { Io } from '../system/io.js';
import { clusterStateDir } from './target.js';

const file = (io: Pick<Io, 'env'>, cluster: string) => join(clusterStateDir(io, cluster), 'create-failed.txt');

/** Why the kept cluster failed to be created; undefined for a cluster that was created, or none. */
export async function failedCreate(io: Pick<Io, 'env'>, cluster: string): Promise<string | undefined> {
  const path = file(io, cluster);
  return (await isFile(path)) ? (await readText(path)).trim() : undefined;
}

export async function rememberFailedCreate(io: Pick<Io, 'env'>, cluster: string, why: string): Promise<void> {
  await writeAtomic(file(io, cluster), `${why}\n`, 0o600);
}

export async function forgetFailedCreate(io: Pick<Io, 'env'>, cluster: string): Promise<void> {
  await rm(file(io, cluster), { force: true });
}
