/** The defaults stage: values that depend on other fields, filled in after the schema has passed. */
import { DEFAULT_VALIDATORS, type ParsedProfile, type Profile } from './schema.js';

export function normalise(parsed: ParsedProfile): Profile {
  const validators = parsed.validators ?? DEFAULT_VALIDATORS[parsed.network];
  const cluster = { ...parsed.cluster, name: parsed.cluster.name ?? parsed.name };
  if (parsed.network === 'linera') {
    const genesis = { ...parsed.linera.genesis, networkName: parsed.linera.genesis.networkName ?? parsed.name };
    return { ...parsed, validators, cluster, linera: { ...parsed.linera, genesis } };
  }
  return { ...parsed, validators, cluster };
}
