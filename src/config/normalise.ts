/**
 * The defaults stage: values that depend on other fields, filled in after the schema has passed.
 * These are the ones every network shares; a network kind adds its own (its `defaults`).
 */
import type { Normalised } from './schema.js';

interface ParsedCommon {
  name: string;
  validators?: number | undefined;
  cluster: { name?: string | undefined };
}

export function normaliseCommon<T extends ParsedCommon>(parsed: T, defaultValidators: number): Normalised<T> {
  const validators = parsed.validators ?? defaultValidators;
  const cluster = { ...parsed.cluster, name: parsed.cluster.name ?? parsed.name };
  return { ...parsed, validators, cluster } as Normalised<T>;
}
