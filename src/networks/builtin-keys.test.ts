import { describe, expect, test } from 'vitest';
import { base58, ed25519PublicKey, generateKeys, peerId } from './builtin-keys.js';

const KEYS = [
  { name: 'node-key-0', type: 'ed25519' as const },
  { name: 'node-key-1', type: 'ed25519' as const },
  { name: 'eth-key-1', type: 'secp256k1' as const },
];
const texts = (seed: string) => Object.fromEntries([...generateKeys(KEYS, seed).entries].map(([name, e]) => [name, e.text]));

describe('built-in key generator', () => {
  test('the same seed gives the same keys, byte for byte', () => {
    expect(texts('ci-42')).toEqual(texts('ci-42'));
  });

  test('another seed or another key name gives another key', () => {
    const a = texts('ci-42');
    const b = texts('ci-43');
    expect(a['node-key-0']).not.toBe(b['node-key-0']);
    expect(a['node-key-0']).not.toBe(a['node-key-1']);
  });

  test('private keys are marked secret, peer ids are public', () => {
    const entries = generateKeys(KEYS, 's').entries;
    expect(entries.get('node-key-0')?.secret).toBe(true);
    expect(entries.get('eth-key-1')?.secret).toBe(true);
    expect(entries.get('node-key-0.peer-id')?.secret).toBe(false);
    expect(entries.has('eth-key-1.peer-id')).toBe(false);
  });

  test('keys are 32-byte hex; secp256k1 keys are below the curve order', () => {
    const all = texts('order');
    for (const name of ['node-key-0', 'eth-key-1']) expect(all[name]).toMatch(/^[0-9a-f]{64}$/);
    expect(BigInt(`0x${all['eth-key-1']}`) < BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141')).toBe(true);
  });

  test('a libp2p key file is the protobuf PrivateKey Codex reads: scheme secp256k1 (2), then the 32-byte secret', () => {
    const entry = generateKeys([{ name: 'net-key-1', type: 'secp256k1', format: 'libp2p' }], 's').entries.get('net-key-1');
    const hex = generateKeys([{ name: 'net-key-1', type: 'secp256k1' }], 's').entries.get('net-key-1')?.text;
    expect(entry?.encoding).toBe('base64');
    expect(Buffer.from(entry?.text ?? '', 'base64').toString('hex')).toBe(`08021220${hex ?? ''}`);
    expect(() => generateKeys([{ name: 'k', type: 'ed25519', format: 'libp2p' }], 's')).toThrow(/secp256k1 keys only/);
  });

  test('ed25519 public keys match RFC 8032 test vector 1', () => {
    const secret = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    expect(ed25519PublicKey(secret).toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  test('peer ids are libp2p identity multihashes of the ed25519 key (12D3KooW…)', () => {
    const publicKey = Buffer.alloc(32, 7);
    const id = peerId(publicKey);
    expect(id).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/);
    const decoded = base58Decode(id);
    expect(decoded.subarray(0, 6).toString('hex')).toBe('002408011220');
    expect(decoded.subarray(6)).toEqual(publicKey);
  });

  test('base58 keeps leading zero bytes as 1s', () => {
    expect(base58(Buffer.from([0, 0, 1]))).toBe('112');
  });
});

function base58Decode(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(alphabet.indexOf(char));
  const hex = value.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.match(/^1*/)?.[0].length ?? 0;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}
