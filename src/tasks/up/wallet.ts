/**
 * The wallet `up` hands over, ready to use: genesis, committee, the admin wallet and its keystore in
 * a 0700 directory, plus the client storage that `linera` needs beside them. `create-genesis-config`
 * initialises a storage too, but in the genesis container, which is gone; Linera's own `net up` hands
 * over its initialised storage (linera-service 0.15.23 src/cli/net_up_utils.rs:221-244). devnet
 * makes an equivalent one with `linera storage initialize --genesis` in the client image, and makes
 * it again whenever genesis changes.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Material } from '../../networks/material.js';
import type { LineraProfile } from '../../networks/linera/profile-schema.js';
import { ensurePrivateDir, isFile, readText, rm, writeAtomic } from '../../system/files.js';
import { quote } from '../../render/shell.js';
import { dockerContainers } from '../containers.js';
import type { Io } from '../../system/io.js';
import type { ContainerRunner } from '../../contracts/runner.js';

export interface WalletFiles {
  dir: string;
  files: Record<string, string>;
  /** The LINERA_STORAGE value, or undefined when it could not be prepared. */
  storage: string | undefined;
  /** What to run by hand when devnet could not prepare the storage itself, and why it could not. */
  command?: string;
  problem?: string;
}

const PUBLIC = ['genesis.json', 'committee.json'];
const PRIVATE = ['wallet.json', 'keystore.json'];

export async function writeWalletFiles(dir: string, material: Material): Promise<Record<string, string>> {
  const privacy = await ensurePrivateDir(dir);
  if (!privacy.ok) await chmod(dir, 0o700);
  const files: Record<string, string> = {};
  for (const name of [...PUBLIC, ...PRIVATE]) {
    const entry = material.entries.get(name);
    if (entry === undefined || entry.text === '') continue;
    files[name] = join(dir, name);
    await writeAtomic(files[name], entry.text, PRIVATE.includes(name) ? 0o600 : 0o644);
  }
  return files;
}

/** The command that initialises the client storage from genesis, in the client image. */
export function storageCommand(profile: LineraProfile, storage: string, genesis: string): string[] {
  return [profile.linera.binaries.client, 'storage', 'initialize', '--storage', storage, '--genesis', genesis];
}

export async function prepareWallet(
  profile: LineraProfile,
  material: Material,
  dir: string,
  io: Pick<Io, 'env'>,
  signal: AbortSignal,
  container: ContainerRunner = dockerContainers(io.env, signal),
): Promise<WalletFiles> {
  const genesisFile = join(dir, 'genesis.json');
  const before = (await isFile(genesisFile)) ? await readText(genesisFile) : undefined;
  const files = await writeWalletFiles(dir, material);
  const database = join(dir, 'client.db');
  const storage = `rocksdb:${database}`;
  if (dir.includes(':')) {
    return { dir, files, storage: undefined, problem: `the state directory ${dir} contains ":", which Linera's storage option cannot take`, command: 'devnet up again with DEVNET_STATE_DIR set to a path without ":"' };
  }
  const genesis = material.entries.get('genesis.json')?.text;
  const fresh = before !== genesis;
  // RocksDB keeps each namespace in a directory of its own; the client's is table_linera
  // (linera-storage 0.15.23 src/lib.rs, DEFAULT_NAMESPACE).
  if (!fresh && (await isFile(join(database, 'table_linera', 'CURRENT')))) return { dir, files, storage };
  // Another genesis means another network: its storage would refuse the new one.
  await rm(database, { recursive: true, force: true });
  const command = storageCommand(profile, storage, genesisFile);
  const result = await container({ image: profile.linera.images.client, command, network: 'none', mounts: [dir], signal, timeoutMs: 5 * 60_000 }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (result === undefined) return { dir, files, storage };
  if (signal.aborted) throw result;
  const image = profile.linera.images.client;
  const problem = result instanceof Error ? (result.message.split('\n')[0] ?? '') : String(result);
  return { dir, files, storage: undefined, problem, command: `docker run --rm -v ${quote(dir)}:${quote(dir)} --user "$(id -u):$(id -g)" ${image} ${command.map(quote).join(' ')}` };
}
