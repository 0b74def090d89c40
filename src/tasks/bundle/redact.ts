/**
 * Keeping key material out of the bundle. Secrets are written with their data replaced by a note;
 * and, in case a secret value was printed somewhere (a log, an event), every value of every Secret
 * of the devnet is replaced wherever it appears in any file of the bundle, in each form a program
 * may have printed it: as stored (base64), decoded, line by line, hex in either case, base64 of
 * its bytes (standard, URL-safe, unpadded), hex of a binary key and of the 32-byte key at its end,
 * and the same for each key-like string inside a JSON value (a field named like a key or secret, a
 * long hex string, an array of bytes); and any run of 16 characters of a key, for a key printed in
 * parts. Public strings in the same JSON (chain ids, host names) stay
 * readable. A value too short to search for everywhere (a seed such as "ci") is replaced where a
 * seed or secret is written: `--seed ci`, `seed: ci`, `"seed":"ci"`.
 */
import type { LiveObject } from '../../kube/client.js';

export type Scrubber = (text: string) => string;

/** Shorter strings would match ordinary text ("true", a port) anywhere; they are searched in context. */
const MIN_SECRET_LENGTH = 12;
export const REDACTED = '[REDACTED]';

export interface SecretSearch {
  /** Replaced wherever they appear, longest first. */
  values: string[];
  /** Replaced only after a field or flag named like a seed or secret. */
  short: string[];
}

export function secretValues(secrets: readonly LiveObject[], extraShort: readonly (string | undefined)[] = []): SecretSearch {
  const values = new Set<string>();
  const short = new Set<string>(extraShort.filter((s): s is string => s !== undefined && s !== ''));
  for (const secret of secrets) {
    for (const [field, encoded] of Object.entries((secret.data as Record<string, string> | undefined) ?? {})) {
      const bytes = Buffer.from(encoded, 'base64');
      const decoded = bytes.toString('utf8');
      const binary = !isText(bytes);
      const candidates = [encoded, ...(binary ? binaryForms(bytes) : [decoded, ...decoded.split('\n').map((l) => l.trim()), ...jsonSecrets(decoded)])];
      for (const candidate of candidates.flatMap(encodings)) {
        if (candidate.length >= MIN_SECRET_LENGTH) values.add(candidate);
      }
      const whole = decoded.trim();
      // A short value is searched for only when its field says it is secret (devnet-state's seed).
      if (!binary && SECRET_FIELD.test(field) && whole.length > 0 && whole.length < MIN_SECRET_LENGTH) short.add(whole);
    }
  }
  // Longest first, so a value that contains another is replaced whole.
  return { values: [...values].sort((a, b) => b.length - a.length), short: [...short].sort((a, b) => b.length - a.length) };
}

const CONTEXT = '(?:seed|secret|private|key|password|token|mnemonic)';

export function scrubberFor(search: SecretSearch): Scrubber {
  const { values, short } = search;
  const inContext = short.map((value) => new RegExp(`(${CONTEXT}[\\w.-]*["']?\\s*[:=]?\\s*["']?)${escape(value)}(?![\\w-])`, 'gi'));
  const fragments = keyFragments(values);
  if (values.length === 0 && inContext.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const value of values) if (result.includes(value)) result = result.split(value).join(REDACTED);
    for (const pattern of inContext) result = result.replace(pattern, `$1${REDACTED}`);
    return withoutFragments(result, fragments);
  };
}

/**
 * A key printed in parts (cut across lines, or quoted in part) is not found whole. Every run of
 * FRAGMENT characters of a key (hex, or base64 of a key's size) is searched for too, and each
 * stretch of text made of such runs is replaced. 16 hex digits are 64 bits of a random key: they
 * do not occur in a bundle by chance.
 */
const FRAGMENT = 16;
const KEY_TEXT = /^(?:[0-9a-fA-F]{32,}|[A-Za-z0-9+/_-]{24,100}={0,2})$/;

function keyFragments(values: readonly string[]): Set<string> {
  const fragments = new Set<string>();
  for (const value of values) {
    if (!KEY_TEXT.test(value)) continue;
    for (let i = 0; i + FRAGMENT <= value.length; i++) fragments.add(value.slice(i, i + FRAGMENT));
  }
  return fragments;
}

function withoutFragments(text: string, fragments: ReadonlySet<string>): string {
  if (fragments.size === 0) return text;
  const covered: [number, number][] = [];
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    if (!fragments.has(text.slice(i, i + FRAGMENT))) continue;
    const last = covered.at(-1);
    if (last !== undefined && i <= last[1]) last[1] = i + FRAGMENT;
    else covered.push([i, i + FRAGMENT]);
  }
  if (covered.length === 0) return text;
  let result = '';
  let from = 0;
  for (const [start, end] of covered) {
    result += `${text.slice(from, start)}${REDACTED}`;
    from = end;
  }
  return result + text.slice(from);
}

/** The forms a value may be printed in besides itself. */
function encodings(value: string): string[] {
  const forms = [value];
  if (/^(0x)?[0-9a-fA-F]+$/.test(value) && value.length >= MIN_SECRET_LENGTH) {
    const digits = value.replace(/^0x/, '');
    forms.push(digits.toLowerCase(), digits.toUpperCase());
    if (digits.length % 2 === 0) forms.push(...base64Forms(Buffer.from(digits, 'hex')));
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && value.length >= 16) {
    forms.push(value.replace(/=+$/, ''), value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  }
  return forms;
}

function base64Forms(bytes: Buffer): string[] {
  const standard = bytes.toString('base64');
  return [standard, standard.replace(/=+$/, ''), bytes.toString('base64url')];
}

/**
 * A key stored as bytes (Codex: libp2p's protobuf PrivateKey, whose last 32 bytes are the
 * secp256k1 secret): its hex, and the hex and base64 of the key inside it.
 */
function binaryForms(bytes: Buffer): string[] {
  const tail = bytes.length > 32 ? [bytes.subarray(bytes.length - 32)] : [];
  return [bytes, ...tail].flatMap((b) => [b.toString('hex'), b.toString('hex').toUpperCase(), ...base64Forms(b)]);
}

function isText(bytes: Buffer): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(bytes.toString('utf8'));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Secret as it may be shown: every data value replaced by its size. */
export function redactSecret(secret: LiveObject): LiveObject {
  const data = (secret.data as Record<string, string> | undefined) ?? {};
  const redacted = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, `REDACTED (${Buffer.from(value, 'base64').length} bytes)`]));
  const { stringData: _stringData, ...rest } = secret as LiveObject & { stringData?: unknown };
  return { ...rest, data: redacted };
}

/** What an object looks like in the bundle: no managedFields, no last-applied copy, Secrets redacted. */
export function presentable(object: LiveObject): LiveObject {
  const { managedFields: _managed, ...metadata } = object.metadata as LiveObject['metadata'] & { managedFields?: unknown };
  const annotations = { ...metadata.annotations };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const clean = { ...object, metadata: { ...metadata, ...(metadata.annotations === undefined ? {} : { annotations }) } };
  return object.kind === 'Secret' ? redactSecret(clean) : clean;
}

const SECRET_FIELD = /key|secret|private|seed|mnemonic|password|token/i;
const HEX_KEY = /^(0x)?[0-9a-fA-F]{32,}$/;

/** Key-like strings inside a JSON value: strings under secret fields, long hex, byte arrays under secret fields. */
function jsonSecrets(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown, inSecret: boolean) => {
    if (typeof value === 'string') {
      if (inSecret || HEX_KEY.test(value)) found.push(value);
    } else if (Array.isArray(value)) {
      if (inSecret && value.length >= 16 && value.every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 256)) {
        const bytes = Buffer.from(value as number[]);
        found.push(bytes.toString('hex'), ...base64Forms(bytes));
      } else value.forEach((v) => walk(v, inSecret));
    } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, inSecret || SECRET_FIELD.test(k));
  };
  walk(parsed, false);
  return found;
}
