/**
 * Linera keys and genesis from Linera's own tools: devnet sends its scripts to `docker run`, and the
 * fake docker executes them against stand-ins for linera-server and linera (test/support/fakes/linera)
 * that take the real tools' command lines and write files laid out like theirs. The shell that
 * devnet writes is the code under test here; the real-Linera tier runs the same scripts with the
 * real binaries.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import type { Json } from '../support/objects.js';
import { runCli } from '../support/run-cli.js';

let bin: FakeBin;
beforeEach(() => {
  bin = fakeBin(['docker']);
});
afterEach(() => bin.cleanup());

const IMAGE = 'us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release';
const docs = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS());
const find = (objects: Json[], kind: string, namespace: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
const secretText = (objects: Json[], namespace: string, name: string, key: string) => Buffer.from(find(objects, 'Secret', namespace, name).data[key], 'base64').toString();
const render = (args: string[], env = bin.env) => runCli(['render', '--generate-keys', '--show-secrets', ...args], { env });

describe('Linera keys and genesis from Linera\'s own tools', () => {
  test('linera-server generate runs in the validator image and create-genesis-config in the client image, both without a network', async () => {
    const { code, stderr } = await render(['--seed', '7', '--set', 'linera.images.client=linera-client:testnet_conway', '--set', 'linera.images.validator=linera-validator:testnet_conway']);
    expect(code, stderr).toBe(0);
    // Only the tool runs: render also asks `docker info` what the kind config needs on this host.
    const calls = bin.calls('docker').filter((c) => c.args[0] === 'run');
    expect(calls.map((c) => c.args)).toEqual([
      ['run', '--rm', '-i', '--network', 'none', '--entrypoint', '/bin/sh', 'linera-validator:testnet_conway', '-s'],
      ['run', '--rm', '-i', '--network', 'none', '--entrypoint', '/bin/sh', 'linera-client:testnet_conway', '-s'],
    ]);
    expect(calls[0]?.stdin).toContain('"$bin/linera-server" generate --testing-prng-seed 7 --validators validator_0.toml validator_1.toml validator_2.toml');
    expect(calls[1]?.stdin).toContain('create-genesis-config 2 --committee committee.json --genesis genesis.json --initial-funding 1000000 --policy-config no-fees --network-name \'linera\' --start-timestamp 2025-01-01T00:00:00Z --testing-prng-seed 8');
    expect(stderr).not.toContain('placeholders');
  });

  test('each validator\'s server config, made from devnet\'s options, lands in its Secret; the committee and genesis in every validator\'s ConfigMap', async () => {
    const objects = docs((await render(['--seed', '7'])).stdout);
    const server = JSON.parse(secretText(objects, 'linera-val-1', 'validator-config', 'serverConfig')) as Json;
    expect(server.validator.network).toEqual({ protocol: { Grpc: 'ClearText' }, host: 'localhost', port: 19101 });
    expect(server.internal_network.shards.map((s: Json) => s.host)).toEqual(['shards-0.shards.linera-val-1.svc.cluster.local', 'shards-1.shards.linera-val-1.svc.cluster.local']);
    expect(server.internal_network.proxies[0]).toEqual({ host: 'proxy-0.proxy-internal.linera-val-1.svc.cluster.local', public_port: 19100, private_port: 20100, metrics_port: 21100 });
    const configs = ['linera-val-0', 'linera-val-1', 'linera-val-2'].map((ns) => find(objects, 'ConfigMap', ns, 'genesis').data);
    expect(new Set(configs.map((c: Json) => c['genesis.json'])).size).toBe(1);
    const committee = JSON.parse(configs[0]['committee.json']) as Json;
    expect(committee.validators.map((v: Json) => v.network.port)).toEqual([19100, 19101, 19102]);
  });

  test('the same seed gives byte-identical keys and genesis, so the same chain ids', async () => {
    const [first, second] = [await render(['--seed', '7']), await render(['--seed', '7'])];
    for (const result of [first, second]) expect(result.code, result.stderr).toBe(0);
    const genesis = (out: string) => find(docs(out), 'ConfigMap', 'linera-val-0', 'genesis').data['genesis.json'];
    expect(genesis(first.stdout)).toBe(genesis(second.stdout));
    expect(secretText(docs(first.stdout), 'linera-val-2', 'validator-config', 'serverConfig')).toBe(secretText(docs(second.stdout), 'linera-val-2', 'validator-config', 'serverConfig'));
  });

  test('without a seed every run is a new network', async () => {
    const genesis = async () => find(docs((await render([])).stdout), 'ConfigMap', 'linera-val-0', 'genesis').data['genesis.json'];
    expect(await genesis()).not.toBe(await genesis());
  });

  test('the validator secret never reaches stdout unless asked, nor stderr', async () => {
    const shown = await render(['--seed', '7']);
    const secret = (JSON.parse(secretText(docs(shown.stdout), 'linera-val-0', 'validator-config', 'serverConfig')) as Json).validator_secret as string;
    const hidden = await runCli(['render', '--generate-keys', '--seed', '7'], { env: bin.env });
    expect(hidden.stdout).not.toContain(secret);
    expect(hidden.stderr).not.toContain(secret);
    expect(Buffer.from(hidden.stdout).toString('base64')).not.toContain(Buffer.from(secret).toString('base64'));
  });

  test('an image without the tool where the profile says: the error names the tool, the image and the setting', async () => {
    const { code, stderr } = await render(['--set', 'linera.binaries.server=./bin/linera-server']);
    expect(code).toBe(3);
    expect(stderr).toContain(`linera-server generate failed in ${IMAGE}`);
    expect(stderr).toContain('linera-server: not found');
    expect(stderr).toContain('linera.binaries');
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test('a Docker failure names the command and exits 3, without a stack trace', async () => {
    const failing = fakeBin(['docker'], { FAKE_DOCKER_FAIL: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' });
    try {
      const { code, stderr } = await render([], failing.env);
      expect(code).toBe(3);
      expect(stderr).toContain('`docker run --rm -i --network none --entrypoint /bin/sh');
      expect(stderr).toContain('Cannot connect to the Docker daemon');
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      failing.cleanup();
    }
  });

  test('without docker on PATH the error says to install it', async () => {
    const { code, stderr } = await runCli(['render', '--generate-keys'], { env: { PATH: '/nonexistent' } });
    expect(code).toBe(3);
    expect(stderr).toContain('Could not run `docker`: it is not installed or not on PATH.');
    expect(stderr).toContain('hint install docker');
  });
});
