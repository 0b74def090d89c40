import { describe, expect, test } from 'vitest';
import type { LiveObject } from '../../kube/client.js';
import { presentable, REDACTED, scrubberFor, secretValues } from './redact.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const key = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const wallet = JSON.stringify({ chains: { e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65: { owner: 'public-owner-1234567890' } }, keys: [{ private_key: 'c0ffee-not-hex-but-secret-field' }] });
const secret = (data: Record<string, string>): LiveObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', managedFields: [{}] } as never, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) });

describe('keeping key material out of the bundle', () => {
  const scrub = scrubberFor(secretValues([secret({ 'node-key-0': key, 'wallet.json': wallet, pem: '-----BEGIN KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END KEY-----' })]));

  test.each([
    [`loaded node key ${key}`, `loaded node key ${REDACTED}`],
    [`base64 ${b64(key)}`, `base64 ${REDACTED}`],
    ['private c0ffee-not-hex-but-secret-field', `private ${REDACTED}`],
    ['a line MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA of a PEM', `a line ${REDACTED} of a PEM`],
    ['owner public-owner-1234567890 stays readable', 'owner public-owner-1234567890 stays readable'],
    ['chain ids (keys of the JSON, public) stay readable: e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65', 'chain ids (keys of the JSON, public) stay readable: e476187f6ddfeb9d588c7b45d3df334d5501d6499b3f9ad5595cae86cce16a65'],
    ['short values like true or 8080 are left alone', 'short values like true or 8080 are left alone'],
  ])('%s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  test('a Secret is shown with each value replaced by its size, without managedFields', () => {
    const shown = presentable(secret({ 'node-key-0': key }));
    expect(shown.data).toEqual({ 'node-key-0': 'REDACTED (64 bytes)' });
    expect(JSON.stringify(shown)).not.toContain(b64(key));
    expect(shown.metadata).not.toHaveProperty('managedFields');
  });
});
