/**
 * Built-in checks: what each network kind proves about itself after `up`. A network adds its
 * checks by exporting a BuiltinSuite from src/networks/<kind>/checks.ts and naming it here.
 */
import type { NetworkKind, Profile } from '../config/schema.js';
import type { BuiltinCheck, BuiltinSuite, FollowUp } from './check-kit.js';
import { codexChecks } from './codex/checks.js';
import { lineraChecks } from './linera/checks.js';
import { substrateChecks } from './substrate/checks.js';
import type { Topology } from './topology.js';

type Suites = { [K in NetworkKind]?: BuiltinSuite<Extract<Profile, { network: K }>> };

/** Networks without an entry have no built-in checks yet; devnet check says so. */
export const BUILTIN_SUITES: Suites = {
  linera: lineraChecks,
  substrate: substrateChecks,
  codex: codexChecks,
};

export function builtinChecks(profile: Profile, topology: Topology, lines: FollowUp): BuiltinCheck[] | undefined {
  const suite = BUILTIN_SUITES[profile.network] as BuiltinSuite | undefined;
  return suite?.checks(profile, topology, lines);
}

