/**
 * What devnet needs to know of a network kind, declared once per kind in
 * src/networks/<kind>/kind.ts and listed in the registry (./registry.ts): its branch of the profile,
 * its defaults, how it plans, what it checks, and the rules a profile of it must follow. A new
 * network is a folder with such a module, and its line in the registry.
 */
import type { z } from 'zod';
import type { Problem } from '../config/problem.js';
import type { CommonProfile } from '../config/schema.js';
import type { BuiltinSuite } from './check-kit.js';
import type { Tolerance } from './fault-tolerance.js';
import type { HealthSection } from './rules/health-rules.js';
import type { NodePorts } from './rules/node-ports.js';
import type { Topology } from './topology.js';

/** A cross-field rule of one kind; topology is absent when planning failed. */
export type KindRule<P> = (profile: P, topology: Topology | undefined) => Problem[];

export interface NetworkDefinition<P extends CommonProfile> {
  name: P['network'];
  /** One sentence for `devnet explain`. */
  summary: string;
  /** The shipped profile to try it with (profiles/<name>.yaml), for hints. */
  shippedProfile: string;
  /**
   * Its clients dial the endpoints its genesis advertises (a Linera committee), not the ports devnet
   * prints: they are shown as the committee has them, and on an existing cluster devnet says when
   * the committee advertises addresses nobody maps there.
   */
  advertisesEndpoints: boolean;
  /** Validators when the profile does not say. */
  defaultValidators: number;
  /** Its branch of the profile schema (config/schema.ts networkProfile). */
  profile: z.ZodType;
  /** Defaults that depend on other fields, filled in after validators and cluster.name. */
  defaults?(profile: P): P;
  plan(profile: P): Topology;
  /** Its built-in checks; a kind without them has `devnet check` say so. */
  checks?: BuiltinSuite<P>;
  /** How many validators it may lose and keep working, for `devnet explain`. */
  tolerance(profile: P): Tolerance;
  /** The same from the validator count alone, where its rule counts validators: the dashboard's quorum line under chaos. */
  validatorTolerance?(validators: number): Tolerance;
  /** Its own cross-field rules, checked before the rules every kind shares (./rules/index.ts). */
  rules: readonly KindRule<P>[];
  /** Its `health:` blocks and how many replicas each covers. */
  health(profile: P): HealthSection[];
  /** Every NodePort and host port it plans, for the overlap rule. */
  nodePorts(profile: P, topology: Topology): NodePorts;
}
