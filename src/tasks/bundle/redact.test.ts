import { describe, expect, test } from 'vitest';
import type { LiveObject } from '../../kube/client.js';
import { presentable, REDACTED, scrubberFor, secretValues } from './redact.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const key = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const wallet = JSON.stringify({ chains: { e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65: { owner: 'public-owner-1234567890' } }, keys: [{ private_key: 'c0ffee-not-hex-but-secret-field' }] });
/** A libp2p protobuf PrivateKey as Codex reads it: 08 02 (secp256k1) 12 20, then the 32-byte key. */
const codexKey = Buffer.concat([Buffer.from('08021220', 'hex'), Buffer.from('1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988', 'hex')]);
const keystore = JSON.stringify({ keys: [['owner', { secret: [...Buffer.from('5e5e5e5e11112222333344445555666677778888999900001111222233334444', 'hex')] }]] });
const secret = (data: Record<string, string | Buffer>): LiveObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', managedFields: [{}] } as never, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) });

describe('keeping key material out of the bundle', () => {
  const search = secretValues([
    secret({ 'node-key-0': key, 'wallet.json': wallet, 'net-key-1': codexKey, 'keystore.json': keystore, pem: '-----BEGIN KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END KEY-----' }),
    secret({ seed: 'ci', validators: '3' }),
  ]);
  const scrub = scrubberFor(search);

  test.each([
    [`loaded node key ${key}`, `loaded node key ${REDACTED}`],
    [`base64 ${b64(key)}`, `base64 ${REDACTED}`],
    [`upper-case hex ${key.toUpperCase()}`, `upper-case hex ${REDACTED}`],
    [`0x-prefixed 0x${key}`, `0x-prefixed 0x${REDACTED}`],
    [`base64 of its 32 bytes ${Buffer.from(key, 'hex').toString('base64')}`, `base64 of its 32 bytes ${REDACTED}`],
    [`url-safe ${Buffer.from(key, 'hex').toString('base64url')}`, `url-safe ${REDACTED}`],
    [`codex key as hex ${codexKey.toString('hex')}`, `codex key as hex ${REDACTED}`],
    [`codex key as HEX ${codexKey.toString('hex').toUpperCase()}`, `codex key as HEX ${REDACTED}`],
    [`the secp256k1 key inside it ${codexKey.subarray(4).toString('hex')}`, `the secp256k1 key inside it ${REDACTED}`],
    [`keystore bytes as hex 5e5e5e5e11112222333344445555666677778888999900001111222233334444`, `keystore bytes as hex ${REDACTED}`],
    ['private c0ffee-not-hex-but-secret-field', `private ${REDACTED}`],
    ['a line MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA of a PEM', `a line ${REDACTED} of a PEM`],
    ['a short seed where a seed is written: devnet up --seed ci', `a short seed where a seed is written: devnet up --seed ${REDACTED}`],
    ['in YAML: seed: ci', `in YAML: seed: ${REDACTED}`],
    ['in JSON: {"seed":"ci"}', `in JSON: {"seed":"${REDACTED}"}`],
    ['elsewhere the word stays: running in ci, 3 validators', 'elsewhere the word stays: running in ci, 3 validators'],
    ['owner public-owner-1234567890 stays readable', 'owner public-owner-1234567890 stays readable'],
    ['chain ids (keys of the JSON, public) stay readable: e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65', 'chain ids (keys of the JSON, public) stay readable: e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65'],
    ['short values like true or 8080 are left alone', 'short values like true or 8080 are left alone'],
    [`a key cut across lines ${key.toUpperCase().slice(0, 24)}\nand ${key.toUpperCase().slice(24)}`, `a key cut across lines ${REDACTED}\nand ${REDACTED}`],
    [`part of a key quoted "${key.slice(10, 40)}"`, `part of a key quoted "${REDACTED}"`],
  ])('%s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  test('the seed from the profile is searched for even when no Secret can be read', () => {
    const scrubProfile = scrubberFor(secretValues([], ['bundle-seed']));
    expect(scrubProfile('linera create-genesis-config --testing-prng-seed bundle-seed')).toBe(`linera create-genesis-config --testing-prng-seed ${REDACTED}`);
  });

  test('a Secret is shown with each value replaced by its size, without managedFields', () => {
    const shown = presentable(secret({ 'node-key-0': key }));
    expect(shown.data).toEqual({ 'node-key-0': 'REDACTED (64 bytes)' });
    expect(JSON.stringify(shown)).not.toContain(b64(key));
    expect(shown.metadata).not.toHaveProperty('managedFields');
  });
});
