/**
 * devnet on real kind, end to end, as a user runs it: up creates the cluster, installs cert-manager
 * and scylla-operator from their release URLs, generates keys with linera-server in Docker, deploys
 * the validators and waits; each validator answers `linera validator query` on its host port;
 * status, logs and down behave; a second up changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { requireDockerAndKind } from './requirements.js';

const home = mkdtempSync(join(tmpdir(), 'devnet-e2e-'));
const env = { DEVNET_STATE_DIR: join(home, 'state'), DEVNET_CACHE_DIR: join(home, 'cache') };
const args = ['-p', 'linera', '--set', 'name=e2e-linera', '--validators', '2', '--seed', '7'];
const CLIENT_IMAGE = 'us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release';
const walletDir = () => join(env.DEVNET_STATE_DIR, 'devnets', 'e2e-linera');

/** The client image, on the host's network where the committee's localhost:<port> resolve, as the calling user. */
function client(command: string[]): string {
  const dir = walletDir();
  const user = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
  const wallet = ['-e', `LINERA_WALLET=${dir}/wallet.json`, '-e', `LINERA_KEYSTORE=${dir}/keystore.json`, '-e', `LINERA_STORAGE=rocksdb:${dir}/client.db`];
  return execFileSync('docker', ['run', '--rm', '--network', 'host', '--user', user, '-v', `${dir}:${dir}`, ...wallet, CLIENT_IMAGE, './linera', ...command], { encoding: 'utf8', timeout: 300_000 });
}

describe('Linera on real kind', () => {
  beforeAll(() => requireDockerAndKind());
  afterAll(async () => {
    await runCli(['down', ...args, '--cluster'], { env });
    rmSync(home, { recursive: true, force: true });
  });

  test('up creates a healthy devnet and reports its endpoints', async () => {
    const up = await runCli(['up', ...args, '--no-dashboard', '-o', 'json', '--timeout', '25m'], { env });
    expect(up.code, up.stderr).toBe(0);
    const ready = up.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; endpoints?: { endpoints: { address: string }[] }[] }).find((e) => e.event === 'ready');
    const addresses = ready?.endpoints?.map((v) => v.endpoints[0]?.address) ?? [];
    expect(addresses).toEqual(['localhost:19100', 'localhost:19101']);
  });

  test('every validator answers the Linera client on its host port with the key genesis gave it', () => {
    const committee = JSON.parse(readFileSync(join(walletDir(), 'committee.json'), 'utf8')) as { validators: { public_key: string }[] };
    for (const [v, port] of [19100, 19101].entries()) {
      const out = client(['validator', 'query', `grpc:localhost:${port}`]);
      expect(out).toContain(committee.validators[v]?.public_key ?? 'missing');
    }
  });

  test('the wallet up hands over transfers tokens between two of its chains, through the kind port mappings', () => {
    const chains = client(['wallet', 'show', '--short', '--owned']).trim().split('\n').filter(Boolean);
    const [from, to] = chains.slice(1);
    if (from === undefined || to === undefined) throw new Error(`the wallet has fewer than two user chains: ${chains.join(', ')}`);
    client(['sync', from]);
    client(['sync', to]);
    const balance = (chain: string) => Number(client(['query-balance', chain]).trim());
    const before = balance(to);
    client(['transfer', '7', '--from', from, '--to', to]);
    client(['sync', to]);
    client(['process-inbox', to]);
    expect(balance(to)).toBe(before + 7);
  });

  test('status shows every pod ready; logs reads the shards', async () => {
    const status = await runCli(['status', ...args], { env });
    expect(status.stdout).toMatch(/: (\d+)\/\1 pods ready/);
    const logs = await runCli(['logs', 'shards', ...args, '--tail', '5'], { env });
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('val-0/shards-0');
  });

  test('a second up changes nothing', async () => {
    const again = await runCli(['up', ...args, '--no-dashboard', '-o', 'json'], { env });
    expect(again.code, again.stderr).toBe(0);
    const ready = again.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; changed?: number }).find((e) => e.event === 'ready');
    expect(ready?.changed).toBe(0);
  });

  test('down removes the devnet and then has nothing to do', async () => {
    expect((await runCli(['down', ...args], { env })).stdout).toContain('Removed devnet e2e-linera');
    expect((await runCli(['down', ...args], { env })).stdout).toContain('Nothing to remove');
  });
});
