/** Loads profiles the way the CLI does, for tests of planning and rendering. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSetFlag } from '../../src/config/overrides.js';
import { formatProblem } from '../../src/config/problem.js';
import { checkProfile, type Profile } from '../../src/networks/registry.js';
import type { Topology } from '../../src/networks/topology.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHIPPED = ['linera', 'linera-light', 'linera-production', 'substrate', 'codex'] as const;

export function shippedText(name: string): string {
  return readFileSync(join(ROOT, 'profiles', `${name}.yaml`), 'utf8');
}

export function load(text: string, sets: string[] = [], file = 'profile.yaml'): { profile: Profile; topology: Topology } {
  const result = checkProfile({ file, text, overrides: sets.map(parseSetFlag) });
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return { profile: result.profile, topology: result.topology };
}

export function loadShipped(name: string, sets: string[] = []) {
  return load(shippedText(name), sets, `profiles/${name}.yaml`);
}

/** Problems of a profile that must fail, formatted as the CLI prints them. */
export function problems(text: string, sets: string[] = [], file = 'profile.yaml'): string[] {
  const result = checkProfile({ file, text, overrides: sets.map(parseSetFlag) });
  if (result.ok) throw new Error('expected the profile to be rejected');
  return result.errors.map(formatProblem);
}
