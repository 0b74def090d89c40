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

const docs = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS());
const secretText = (objects: Json[], namespace: string, name: string, key: string) =>
  Buffer.from(objects.find((o) => o.kind === 'Secret' && o.metadata.namespace === namespace && o.metadata.name === name).data[key], 'base64').toString();

describe('Linera keys and genesis from Linera\'s own tools (Docker faked)', () => {
  test('runs linera-server and linera in the Linera image, inputs on stdin, no network', async () => {
    const { code, stderr } = await runCli(['render', '--generate-keys', '--seed', '7'], { env: bin.env });
    expect(code, stderr).toBe(0);
    const [call, ...others] = bin.calls('docker');
    expect(others).toEqual([]);
    expect(call?.args).toEqual([
      'run', '--rm', '-i', '--network', 'none', '--entrypoint', '/bin/sh',
      'us-docker.pkg.dev/linera-io-dev/linera-public-registry/linera:testnet_conway_release', '-s',
    ]);
    expect(call?.stdin).toContain('"$bin/linera-server" generate --testing-prng-seed 7 --validators validator_0.toml validator_1.toml validator_2.toml');
    expect(call?.stdin).toMatch(/cat > validator_1\.toml <<'DEVNET_EOF'\n[\s\S]*port = 19101/);
    expect(stderr).not.toContain('placeholders');
  });

  test('the server configs land in each validator\'s Secret and genesis in its ConfigMap', async () => {
    const { stdout } = await runCli(['render', '--generate-keys', '--seed', '7', '--show-secrets'], { env: bin.env });
    const objects = docs(stdout);
    const server = JSON.parse(secretText(objects, 'linera-val-1', 'validator-config', 'serverConfig')) as Json;
    expect(server.validator.network.port).toBe(19101);
    expect(server.validator_secret).toMatch(/^[0-9a-f]{64}$/);
    const genesis = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'genesis' && o.metadata.namespace === 'linera-val-2');
    expect(JSON.parse(genesis.data['genesis.json'])).toHaveProperty('committee');
  });

  test('the same seed gives the same keys', async () => {
    const first = await runCli(['render', '--generate-keys', '--seed', '7', '--show-secrets'], { env: bin.env });
    const second = await runCli(['render', '--generate-keys', '--seed', '7', '--show-secrets'], { env: bin.env });
    const key = (out: string) => secretText(docs(out), 'linera-val-0', 'validator-config', 'serverConfig');
    expect(key(first.stdout)).toBe(key(second.stdout));
  });

  test('the validator secret never reaches stdout unless asked, nor stderr', async () => {
    const shown = await runCli(['render', '--generate-keys', '--seed', '7', '--show-secrets'], { env: bin.env });
    const secret = (JSON.parse(secretText(docs(shown.stdout), 'linera-val-0', 'validator-config', 'serverConfig')) as Json).validator_secret as string;
    const hidden = await runCli(['render', '--generate-keys', '--seed', '7'], { env: bin.env });
    expect(hidden.stdout).not.toContain(secret);
    expect(hidden.stderr).not.toContain(secret);
    expect(Buffer.from(hidden.stdout).toString('base64')).not.toContain(Buffer.from(secret).toString('base64'));
  });

  test('a Docker failure names the command and exits 3, without a stack trace', async () => {
    const failing = fakeBin(['docker'], { FAKE_DOCKER_FAIL: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' });
    try {
      const { code, stderr } = await runCli(['render', '--generate-keys'], { env: failing.env });
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
