import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ContainerRun } from '../../../src/contracts/runner.js';
import { ExternalCommandError } from '../../../src/errors/index.js';
import { materialOf } from '../../../src/networks/material.js';
import { prepareWallet } from '../../../src/tasks/up/wallet.js';
import { loadShipped } from '../../support/profiles.js';
import { tempDir } from '../../support/temp-dir.js';

const scratch = () => join(tempDir('wallet'), 'devnets', 'linera');
const { profile } = loadShipped('linera');
if (profile.network !== 'linera') throw new Error('linera');
const material = (genesis: string) =>
  materialOf('linera-tools', {
    'genesis.json': { text: genesis, secret: false },
    'committee.json': { text: '{"validators":[]}', secret: false },
    'wallet.json': { text: '{"chains":{}}', secret: true },
    'keystore.json': { text: '{"keys":[]}', secret: true },
  });
const io = { env: {} };

describe('the wallet up hands over', () => {
  test('files in a 0700 directory, the private ones 0600, and the client storage made in the client image', async () => {
    const dir = scratch();
    const calls: ContainerRun[] = [];
    const wallet = await prepareWallet(profile, material('{"g":1}'), dir, io, new AbortController().signal, async (run) => (calls.push(run), { stdout: '', stderr: '', exitCode: 0 }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'keystore.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'genesis.json')).mode & 0o777).toBe(0o644);
    expect(wallet.storage).toBe(`rocksdb:${dir}/client.db`);
    expect(calls).toEqual([
      expect.objectContaining({ image: profile.linera.images.client, network: 'none', mounts: [dir], command: ['./linera', 'storage', 'initialize', '--storage', `rocksdb:${dir}/client.db`, '--genesis', join(dir, 'genesis.json')] }),
    ]);
  });

  test('a client storage made for this genesis is kept; another genesis gets a new one', async () => {
    const dir = scratch();
    const calls: ContainerRun[] = [];
    // Stands in for `linera storage initialize`: RocksDB's namespace directory with its CURRENT file.
    const container = async (run: ContainerRun) => {
      calls.push(run);
      mkdirSync(join(dir, 'client.db', 'table_linera'), { recursive: true });
      writeFileSync(join(dir, 'client.db', 'table_linera', 'CURRENT'), 'MANIFEST-000005\n');
      writeFileSync(join(dir, 'client.db', 'synced-chain-state'), 'kept');
      return { stdout: '', stderr: '', exitCode: 0 };
    };
    const signal = new AbortController().signal;
    await prepareWallet(profile, material('{"g":1}'), dir, io, signal, container);
    await prepareWallet(profile, material('{"g":1}'), dir, io, signal, container);
    expect(calls).toHaveLength(1);
    rmSync(join(dir, 'client.db', 'synced-chain-state'));
    writeFileSync(join(dir, 'client.db', 'stale-from-the-old-network'), 'x');
    await prepareWallet(profile, material('{"g":2}'), dir, io, signal, container);
    expect(calls).toHaveLength(2);
    expect(existsSync(join(dir, 'client.db', 'stale-from-the-old-network'))).toBe(false);
  });

  test('when the client image cannot run, the wallet files are still there and the one command to run is given, with why', async () => {
    const dir = scratch();
    const failing = async (): Promise<never> => {
      throw new ExternalCommandError('`docker run …` failed (exit 125).', 'docker run …', { exitStatus: 125 });
    };
    const wallet = await prepareWallet(profile, material('{"g":1}'), dir, io, new AbortController().signal, failing);
    expect(wallet.storage).toBeUndefined();
    expect(wallet.problem).toContain('exit 125');
    expect(wallet.command).toBe(`docker run --rm -v ${dir}:${dir} --user "$(id -u):$(id -g)" ${profile.linera.images.client} ./linera storage initialize --storage rocksdb:${dir}/client.db --genesis ${dir}/genesis.json`);
    expect(readFileSync(join(dir, 'wallet.json'), 'utf8')).toBe('{"chains":{}}');
  });
});
