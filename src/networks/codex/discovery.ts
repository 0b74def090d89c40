import type { Problem } from '../../config/problem.js';
import type { CodexProfile } from './profile-schema.js';

/**
 * A Codex node finds others only through its DHT, whose routing table starts from the
 * --bootstrap-node records alone (nim-codex 36f64ad3 codex/conf.nim:179-183, no default;
 * codex/discovery.nim:221-246 hands them to the DHT as its only bootstrapRecords). Without a
 * bootstrap node of devnet's or an SPR of the user's, every node stays alone.
 */
export function discoveryProblems(profile: CodexProfile): Problem[] {
  const { codex } = profile;
  const nodes = profile.validators * codex.replicas;
  if (codex.bootstrap.enabled || nodes < 2 || ownBootstrapNode(codex.args['bootstrap-node'])) return [];
  return [
    {
      severity: 'error',
      path: ['codex', 'bootstrap', 'enabled'],
      message: `is false, and nothing else gives the ${nodes} nodes a bootstrap node: Codex finds peers only through the --bootstrap-node records it starts with, so each node would stay alone`,
      hint: 'set codex.bootstrap.enabled: true, or give codex.args.bootstrap-node the SPR of a bootstrap node of your own',
      viability: true,
    },
  ];
}

/** A bootstrap-node value that names a node itself, not devnet's (empty when there is none). */
function ownBootstrapNode(value: unknown): boolean {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.some((v) => typeof v === 'string' && v.trim() !== '' && !v.includes('bootstrap.address'));
}
