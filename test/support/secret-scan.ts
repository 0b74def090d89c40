/**
 * What of a devnet's Secrets must never be found in a file that leaves the cluster (a bundle): each
 * value in the forms a program may print it in, and fragments of the keys inside JSON secrets (a
 * wallet, a keystore, a server config), so that a key cut across lines or quoted in part is caught
 * too. Written apart from the bundle's redaction (src/tasks/bundle/redact.ts), so that the test does
 * not read that code's own idea of a secret back to it.
 */
import type { LiveObject } from '../../src/kube/client.js';

/** A fragment this long of a random key does not occur by chance in a bundle. */
const FRAGMENT = 16;

const HEX = /^(?:[0-9a-fA-F]{2}){12,}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{20,}={0,2}$/;

export interface SecretNeedle {
  /** Where it comes from: `namespace/secret:field`, and the JSON path or form. */
  origin: string;
  text: string;
}

/**
 * Needles for every value of `secrets`. A string that also appears in `publicTexts` (a ConfigMap,
 * where the genesis puts chain ids and public keys) is public, and not searched for.
 */
export function secretNeedles(secrets: readonly LiveObject[], publicTexts: readonly string[]): SecretNeedle[] {
  const isPublic = (text: string) => publicTexts.some((p) => p.includes(text));
  const needles: SecretNeedle[] = [];
  for (const secret of secrets) {
    for (const [field, stored] of Object.entries((secret.data as Record<string, string> | undefined) ?? {})) {
      const where = `${secret.metadata.namespace ?? ''}/${secret.metadata.name}:${field}`;
      const bytes = Buffer.from(stored, 'base64');
      needles.push({ origin: `${where} as stored`, text: stored });
      const decoded = bytes.toString('utf8');
      const leaves = jsonLeaves(decoded);
      const binary = !Buffer.from(decoded, 'utf8').equals(bytes);
      const whole: Leaf = binary ? { path: 'value', text: bytes.toString('hex'), bytes } : { path: 'value', text: decoded.trim() };
      const keys = leaves === undefined ? [whole] : leaves.filter((l) => keyLike(l));
      for (const key of keys) {
        if (key.text.length < 8 || isPublic(key.text)) continue;
        for (const form of forms(key.text, key.bytes)) {
          needles.push({ origin: `${where} ${key.path} (${form.name})`, text: form.text });
          // Fragments only of keys: a text such as a config file shares words with public objects.
          if (!keyLike(key)) continue;
          for (let i = 0; i + FRAGMENT <= form.text.length; i += FRAGMENT / 2) needles.push({ origin: `${where} ${key.path} (${form.name}, fragment at ${i})`, text: form.text.slice(i, i + FRAGMENT) });
        }
      }
    }
  }
  return needles.filter((n) => n.text.length >= 8);
}

const keyLike = (leaf: Leaf) => leaf.bytes !== undefined || HEX.test(leaf.text) || BASE64.test(leaf.text);

/** The needles found in `text`, by origin. */
export function leaks(text: string, needles: readonly SecretNeedle[]): string[] {
  return needles.filter((n) => text.includes(n.text)).map((n) => n.origin);
}

interface Leaf {
  path: string;
  text: string;
  /** Raw bytes, for a JSON array of byte values. */
  bytes?: Buffer;
}

function jsonLeaves(text: string): Leaf[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const leaves: Leaf[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') leaves.push({ path, text: node });
    else if (Array.isArray(node) && node.length >= 16 && node.every((n) => Number.isInteger(n) && n >= 0 && n < 256)) {
      const bytes = Buffer.from(node as number[]);
      leaves.push({ path, text: bytes.toString('hex'), bytes });
    } else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
  };
  walk(value, '$');
  return typeof value === 'object' && value !== null ? leaves : undefined;
}

/** A key as text, and as the other encodings of its bytes a program might print. */
function forms(text: string, given?: Buffer): { name: string; text: string }[] {
  const bytes = given ?? (HEX.test(text) ? Buffer.from(text, 'hex') : BASE64.test(text) ? Buffer.from(text, 'base64') : undefined);
  const all = [{ name: 'as is', text }];
  if (bytes !== undefined && bytes.length >= 12) {
    all.push(
      { name: 'hex', text: bytes.toString('hex') },
      { name: 'upper-case hex', text: bytes.toString('hex').toUpperCase() },
      { name: 'base64', text: bytes.toString('base64') },
      { name: 'unpadded URL-safe base64', text: bytes.toString('base64url') },
    );
  }
  return all.filter((f, i) => all.findIndex((o) => o.text === f.text) === i);
}
