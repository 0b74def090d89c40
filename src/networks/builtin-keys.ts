/**
 * devnet's own key generator, for network kinds without a tool of their own. Keys are derived
 * from a seed and the key's name, so the same seed always gives the same devnet; without a seed
 * the caller passes a random one.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { materialOf, type Material, type MaterialEntry } from './material.js';

export type KeyType = 'ed25519' | 'secp256k1';

const SECP256K1_ORDER = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function derive(seed: string, name: string, counter = 0): Buffer {
  return createHash('sha256').update(`devnet-key-v1\0${seed}\0${name}\0${counter}`).digest();
}

function secp256k1Secret(seed: string, name: string): Buffer {
  for (let counter = 0; ; counter++) {
    const candidate = derive(seed, name, counter);
    const value = BigInt(`0x${candidate.toString('hex')}`);
    if (value > 0n && value < SECP256K1_ORDER) return candidate;
  }
}

export function ed25519PublicKey(secret: Buffer): Buffer {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/** libp2p peer id of an ed25519 key: base58btc of the identity multihash of its protobuf form. */
export function peerId(publicKey: Buffer): string {
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), publicKey]);
  return base58(Buffer.concat([Buffer.from([0x00, protobuf.length]), protobuf]));
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let text = '';
  while (value > 0n) {
    text = (ALPHABET[Number(value % 58n)] ?? '') + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}

/**
 * libp2p's protobuf PrivateKey: field 1 the key scheme (varint; Secp256k1 = 2), field 2 the raw
 * 32-byte secret (vacp2p/nim-libp2p c08d8073, libp2p/crypto/crypto.nim:17-21 PKScheme, 469-476
 * getBytes; Codex 0.2.5 reads its --net-privkey file with PrivateKey.init of these bytes).
 */
export function libp2pSecp256k1(secret: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x08, 0x02, 0x12, secret.length]), secret]);
}

export interface KeySpec {
  name: string;
  type: KeyType;
  /** hex: the secret as hex text (substrate's --node-key-file, an Ethereum key file); libp2p: protobuf bytes. */
  format?: 'hex' | 'libp2p';
}

export function generateKeys(keys: readonly KeySpec[], seed: string): Material {
  const entries: Record<string, MaterialEntry> = {};
  for (const key of keys) {
    const secret = key.type === 'ed25519' ? derive(seed, key.name) : secp256k1Secret(seed, key.name);
    if (key.format === 'libp2p') {
      if (key.type !== 'secp256k1') throw new Error(`libp2p key files are generated for secp256k1 keys only, not ${key.type}`);
      entries[key.name] = { text: libp2pSecp256k1(secret).toString('base64'), secret: true, encoding: 'base64' };
    } else {
      entries[key.name] = { text: secret.toString('hex'), secret: true };
    }
    if (key.type === 'ed25519') entries[`${key.name}.peer-id`] = { text: peerId(ed25519PublicKey(secret)), secret: false };
  }
  return materialOf('builtin', entries, seed);
}
