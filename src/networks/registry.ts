/**
 * The network kinds devnet knows, each declared in one module (src/networks/<kind>/kind.ts), and
 * what is built from the list: the profile schema and its types, and the entry points that act on
 * a profile by its kind (the profile check, planning, built-in checks, fault tolerance).
 */
import * as z from 'zod';
import { profileChecker } from '../config/check.js';
import { normaliseCommon } from '../config/normalise.js';
import type { Normalised } from '../config/schema.js';
import type { BuiltinCheck, FollowUp } from './check-kit.js';
import { codexKind } from './codex/kind.js';
import type { Tolerance } from './fault-tolerance.js';
import type { NetworkDefinition } from './kind.js';
import { lineraKind } from './linera/kind.js';
import { runRules } from './rules/index.js';
import { substrateKind } from './substrate/kind.js';
import type { Topology } from './topology.js';

const KINDS = [lineraKind, substrateKind, codexKind] as const;

/** The kinds' branches of the profile schema, as a tuple the discriminated union can type. */
type Branches<T extends readonly unknown[]> = { -readonly [I in keyof T]: T[I] extends { profile: infer S } ? S : never };

export const profileSchema = z
  .discriminatedUnion('network', KINDS.map((kind) => kind.profile) as Branches<typeof KINDS>, {
    message: `must be one of ${KINDS.map((kind) => JSON.stringify(kind.name)).join(', ')}`,
  })
  .describe('A devnet profile: which network to run, how many validators, and what each is made of.');

/** A profile as the schema accepts it, before network-dependent defaults. */
export type ParsedProfile = z.infer<typeof profileSchema>;

type EachNormalised<T> = T extends { cluster: object } ? Normalised<T> : never;

/** A profile with every default filled in: what planning works from. */
export type Profile = EachNormalised<ParsedProfile>;
export type NetworkKind = Profile['network'];

export const NETWORK_KINDS = KINDS.map((kind) => kind.name) as [NetworkKind, ...NetworkKind[]];

/** The definition of a kind by its name, as a topology or a record names it. */
export function kindNamed(name: string): NetworkDefinition<Profile> {
  const kind = KINDS.find((k) => k.name === name);
  if (kind === undefined) throw new Error(`devnet knows no network kind "${name}"`);
  return kind as unknown as NetworkDefinition<Profile>;
}

/** The definition of a profile's kind: its functions take that profile. */
export function kindOf<P extends Profile>(profile: P): NetworkDefinition<P> {
  return kindNamed(profile.network) as unknown as NetworkDefinition<P>;
}

function normalise(parsed: ParsedProfile): Profile {
  const kind = kindNamed(parsed.network);
  const profile = normaliseCommon(parsed, kind.defaultValidators) as Profile;
  return kind.defaults?.(profile) ?? profile;
}

export function planTopology(profile: Profile): Topology {
  return kindOf(profile).plan(profile);
}

/** Checks a profile: schema, defaults, planning and rules (src/config/check.ts). */
export const checkProfile = profileChecker({
  schema: profileSchema,
  normalise,
  plan: planTopology,
  rules: (profile: Profile, topology: Topology | undefined) => runRules(kindOf(profile), profile, topology),
});

export type ProfileResult = ReturnType<typeof checkProfile>;

/** The built-in checks of this devnet; undefined for a kind that has none yet (devnet check says so). */
export function builtinChecks(profile: Profile, topology: Topology, lines: FollowUp): BuiltinCheck[] | undefined {
  return kindOf(profile).checks?.checks(profile, topology, lines);
}

/** What the network's own rules say about losing validators, for `devnet explain`. */
export function toleranceOf(profile: Profile): Tolerance {
  return kindOf(profile).tolerance(profile);
}
