/**
 * Keeping key material out of the bundle. Secrets are written with their data replaced by a note;
 * and, in case a secret value was printed somewhere (a log, an event), every value of every Secret
 * of the devnet — whole, base64-encoded, line by line, and each key-like string inside a JSON value
 * (a field named like a key or secret, or a long hex string) — is replaced wherever it appears in
 * any file of the bundle. Public strings in the same JSON (chain ids, host names) stay readable.
 */
import type { LiveObject } from '../../kube/client.js';

export type Scrubber = (text: string) => string;

/** Shorter strings would match ordinary text ("true", a port); keys are far longer. */
const MIN_SECRET_LENGTH = 12;
export const REDACTED = '[REDACTED]';

export function secretValues(secrets: readonly LiveObject[]): string[] {
  const values = new Set<string>();
  for (const secret of secrets) {
    const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
    for (const encoded of Object.values(data)) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      for (const candidate of [encoded, decoded, ...decoded.split('\n').map((l) => l.trim()), ...jsonStrings(decoded)]) {
        if (candidate.length >= MIN_SECRET_LENGTH) values.add(candidate);
      }
    }
  }
  // Longest first, so a value that contains another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export function scrubberFor(values: readonly string[]): Scrubber {
  if (values.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const value of values) if (result.includes(value)) result = result.split(value).join(REDACTED);
    return result;
  };
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

function jsonStrings(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown, field: string, inSecret: boolean) => {
    if (typeof value === 'string') {
      if (inSecret || HEX_KEY.test(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, field, inSecret));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k, inSecret || SECRET_FIELD.test(k));
  };
  walk(parsed, '', false);
  return found;
}
