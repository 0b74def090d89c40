import { describe, expect, test } from 'vitest';
import { loadShipped } from '../../../test/support/profiles.js';
import type { ContainerRun } from '../../contracts/runner.js';
import { GENESIS_OUTPUTS, generateWithLineraTools, genesisScript, lineraPlaceholders, nextSeed, parseFiles, prngSeed, serverOutputs, serverScript, type LineraRequest } from './genesis.js';

const request = (name = 'linera', args: string[] = []): LineraRequest => {
  const { topology } = loadShipped(name, args);
  if (topology.material.kind !== 'linera') throw new Error('not linera');
  return topology.material;
};
const binaries = { server: './linera-server', client: './linera' };
const encoded = (file: string, text: string) => `devnet-file ${file} ${Buffer.from(text).toString('base64')}`;

describe('Linera keys and genesis scripts', () => {
  test('linera-server generate gets one options TOML per validator', () => {
    const script = serverScript(request(), { binaries });
    expect(script).toContain('"$bin/linera-server" generate --validators validator_0.toml validator_1.toml validator_2.toml --committee committee.json');
    expect(script.match(/<<'DEVNET_EOF'/g)).toHaveLength(3);
    expect(script).not.toContain('create-genesis-config');
  });

  test('create-genesis-config gets the committee and the profile\'s funding, policy and name', () => {
    const script = genesisScript(request(), '{"validators":[]}', { binaries });
    expect(script).toContain("cat > committee.json <<'DEVNET_EOF'\n{\"validators\":[]}\nDEVNET_EOF");
    expect(script).toContain("create-genesis-config 2 --committee committee.json --genesis genesis.json --initial-funding 1000000 --policy-config no-fees --network-name 'linera'");
    expect(script).not.toContain('linera-server');
  });

  test('a seed goes to generate, seed + 1 to create-genesis-config, and fixes the start time', () => {
    const seeded = request('linera', ['seed=41']);
    expect(serverScript(seeded, { binaries, seed: '41' })).toContain('generate --testing-prng-seed 41 ');
    const genesis = genesisScript(seeded, '{}', { binaries, seed: '41' });
    expect(genesis).toContain('--start-timestamp 2025-01-01T00:00:00Z --testing-prng-seed 42 ');
    expect(nextSeed((2n ** 64n - 1n).toString())).toBe('0');
    expect(prngSeed('42')).toBe('42');
    expect(BigInt(prngSeed('not a number'))).toBeLessThan(2n ** 64n);
  });

  test('without a seed there is no testing seed and no fixed start time', () => {
    const script = genesisScript(request(), '{}', { binaries });
    expect(script).not.toContain('--testing-prng-seed');
    expect(script).not.toContain('--start-timestamp');
  });

  test('an explicit start time wins over the seeded default', () => {
    const given = request('linera', ['seed=1', 'linera.genesis.startTimestamp=2026-03-01T12:00:00Z']);
    expect(genesisScript(given, '{}', { binaries, seed: '1' })).toContain('--start-timestamp 2026-03-01T12:00:00Z');
  });

  test('output files come back by name; server configs are secret, genesis is not', () => {
    const files = [...serverOutputs(request()), ...GENESIS_OUTPUTS];
    const stdout = files.map((f) => encoded(f.file, `content of ${f.file}`)).join('\n');
    const entries = parseFiles(`noise\n${stdout}\n`, files);
    expect(entries['validator-1/server.json']).toEqual({ text: 'content of server_1.json', secret: true });
    expect(entries['genesis.json']).toEqual({ text: 'content of genesis.json', secret: false });
    expect(entries['keystore.json']?.secret).toBe(true);
  });

  test('a missing file is an error naming it', () => {
    expect(() => parseFiles(`${encoded('genesis.json', '{}')}\n`, serverOutputs(request()))).toThrow('did not produce server_0.json');
  });

  test('each tool runs in its own image, without a network, and the committee goes from one to the other', async () => {
    const calls: ContainerRun[] = [];
    const req = request();
    const container = async (spec: ContainerRun) => {
      calls.push(spec);
      const outputs = spec.input?.includes('linera-server') ? serverOutputs(req) : GENESIS_OUTPUTS;
      const stdout = outputs.map((f) => encoded(f.file, f.file === 'committee.json' ? '{"validators":["v0"]}' : `{"of":"${f.file}"}`)).join('\n');
      return { stdout, stderr: '', exitCode: 0 };
    };
    const material = await generateWithLineraTools(req, { images: { validator: 'validator:1', client: 'client:1' }, binaries, container });
    expect(calls.map((c) => [c.image, c.network, c.command])).toEqual([
      ['validator:1', 'none', undefined],
      ['client:1', 'none', undefined],
    ]);
    expect(calls[1]?.input).toContain('{"validators":["v0"]}');
    expect([...material.entries.keys()].sort()).toEqual(['committee.json', 'genesis.json', 'keystore.json', 'validator-0/server.json', 'validator-1/server.json', 'validator-2/server.json', 'wallet.json']);
  });

  test('placeholders say so and keep the same names', () => {
    const material = lineraPlaceholders(request());
    expect(material.origin).toBe('placeholder');
    expect(material.entries.get('validator-2/server.json')?.text).toContain('PLACEHOLDER');
    expect(material.entries.get('wallet.json')?.secret).toBe(true);
  });
});
