/**
 * The network's own client for the built-in checks, run as a user runs it after `up`: for Linera,
 * `linera` from the client image on the host's network (where the committee's addresses resolve,
 * through kind's port mappings), with the wallet, keystore and client storage `up` handed over,
 * mounted at their own path. One call at a time: the client storage is a RocksDB that one process
 * holds at once.
 */
import { join } from 'node:path';
import type { ClientAnswer, Probes } from '../../contracts/probes.js';
import { ExternalCommandError } from '../../errors/index.js';
import { isFile } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { dockerContainers } from '../containers.js';
import type { LoadedProfile } from '../load-profile.js';
import { devnetStateDir } from '../target.js';

/** One client call: long enough for a transfer on a laptop, short enough to retry within a check's time. */
const CALL_TIMEOUT_MS = 30_000;

export function networkClient(loaded: LoadedProfile, io: Pick<Io, 'env'>): Probes['client'] {
  const profile = loaded.profile;
  if (profile.network !== 'linera') return undefined;
  const dir = devnetStateDir(io, profile.name);
  const wallet = ['--wallet', join(dir, 'wallet.json'), '--keystore', join(dir, 'keystore.json'), '--storage', `rocksdb:${join(dir, 'client.db')}`];
  let queue: Promise<unknown> = Promise.resolve();
  const once = async (args: readonly string[], signal: AbortSignal): Promise<ClientAnswer> => {
    if (!(await isFile(join(dir, 'wallet.json')))) {
      throw new Error(`there is no wallet of devnet ${profile.name} on this machine (${dir}): the Linera checks use the one devnet up hands over, so run devnet up here first`);
    }
    const container = dockerContainers(io.env, signal);
    try {
      const result = await container({ image: profile.linera.images.client, command: [profile.linera.binaries.client, ...wallet, ...args], network: 'host', mounts: [dir], signal, timeoutMs: CALL_TIMEOUT_MS, allowFailure: true });
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    } catch (error) {
      // A client that hangs on a validator that does not answer is a measurement, not a crash.
      if (error instanceof ExternalCommandError) return { exitCode: error.exitStatus ?? 124, stdout: '', stderr: `error: ${error.message}` };
      throw error;
    }
  };
  return (args, signal) => {
    const turn = queue.then(() => once(args, signal));
    queue = turn.catch(() => undefined);
    return turn;
  };
}
