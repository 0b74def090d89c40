import { describe, expect, test } from 'vitest';
import { loadShipped } from '../../../test/support/profiles.js';
import { genesisScript, lineraPlaceholders, outputFiles, parseGenesisOutput, prngSeed, type LineraRequest } from './genesis.js';

const request = (): LineraRequest => {
  const { topology } = loadShipped('linera');
  if (topology.material.kind !== 'linera') throw new Error('not linera');
  return topology.material;
};
const binaries = { server: './linera-server', client: './linera' };

describe('Linera genesis script', () => {
  test('feeds one options TOML per validator to linera-server generate', () => {
    const script = genesisScript(request(), { binaries });
    expect(script).toContain('"$bin/linera-server" generate --validators validator_0.toml validator_1.toml validator_2.toml --committee committee.json');
    expect(script.match(/<<'DEVNET_EOF'/g)).toHaveLength(3);
  });

  test('creates genesis from the committee with the profile\'s funding and policy', () => {
    expect(genesisScript(request(), { binaries })).toContain(
      'create-genesis-config 2 --committee committee.json --genesis genesis.json --initial-funding 1000000 --policy-config no-fees --network-name \'linera\'',
    );
  });

  test('a seed makes both tools deterministic, as a u64', () => {
    const script = genesisScript(request(), { binaries, seed: 'ci' });
    expect(script.match(/--testing-prng-seed (\d+)/g)).toEqual([`--testing-prng-seed ${prngSeed('ci')}`, `--testing-prng-seed ${prngSeed('ci')}`]);
    expect(prngSeed('42')).toBe('42');
    expect(BigInt(prngSeed('not a number'))).toBeLessThan(2n ** 64n);
  });

  test('without a seed there is no testing seed', () => {
    expect(genesisScript(request(), { binaries })).not.toContain('--testing-prng-seed');
  });

  test('output files come back by name; server configs are secret, genesis is not', () => {
    const files = outputFiles(request());
    const stdout = files.map((f) => `devnet-file ${f.file} ${Buffer.from(`content of ${f.file}`).toString('base64')}`).join('\n');
    const entries = parseGenesisOutput(`noise\n${stdout}\n`, request());
    expect(entries['validator-1/server.json']).toEqual({ text: 'content of server_1.json', secret: true });
    expect(entries['genesis.json']).toEqual({ text: 'content of genesis.json', secret: false });
    expect(entries['keystore.json']?.secret).toBe(true);
  });

  test('a missing file is an error naming it', () => {
    expect(() => parseGenesisOutput('devnet-file genesis.json e30=\n', request())).toThrow('did not produce server_0.json');
  });

  test('placeholders say so and keep the same names', () => {
    const material = lineraPlaceholders(request());
    expect(material.origin).toBe('placeholder');
    expect(material.entries.get('validator-2/server.json')?.text).toContain('PLACEHOLDER');
  });
});
