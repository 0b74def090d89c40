/**
 * Cross-field rules of `health:` blocks: a list of check ids gives one per replica of the devnet,
 * in index order, so its length depends on `validators` and `replicas`. kubevali refuses to start
 * when a replica's index has no id (darwinia-network/kubevali@377704c, config/config.go:164-166);
 * devnet says so before anything is deployed.
 */
import type { HealthSpec } from '../networks/health.js';
import type { Problem } from './problem.js';
import type { Profile } from './schema.js';

interface HealthSection {
  path: (string | number)[];
  health: HealthSpec | undefined;
  replicas: number;
  /** "4 nodes (2 validators × 2 replicas)". */
  counted: string;
}

function sections(profile: Profile): HealthSection[] {
  const v = profile.validators;
  const times = (what: string, replicas: number) => ({ replicas: v * replicas, counted: `${v * replicas} ${what} (${v} validator${v === 1 ? '' : 's'} × ${replicas})` });
  switch (profile.network) {
    case 'substrate':
      return [{ path: ['substrate'], health: profile.substrate.health, ...times('nodes', profile.substrate.replicas) }];
    case 'codex': {
      const bootstrap = profile.codex.bootstrap.enabled ? 1 : 0;
      const nodes = times('storage nodes', profile.codex.replicas);
      const counted = bootstrap === 0 ? nodes.counted : `${nodes.replicas + 1} nodes (the bootstrap node, then ${nodes.counted})`;
      return [{ path: ['codex'], health: profile.codex.health, replicas: nodes.replicas + bootstrap, counted }];
    }
    case 'linera': {
      const { shards, proxies, blockExporter } = profile.linera;
      return [
        { path: ['linera', 'shards'], health: shards.health, ...times('shards', shards.replicas) },
        { path: ['linera', 'proxies'], health: proxies.health, ...times('proxies', proxies.replicas) },
        ...(blockExporter.enabled ? [{ path: ['linera', 'blockExporter'], health: blockExporter.health, ...times('exporters', blockExporter.replicas) }] : []),
      ];
    }
  }
}

export function healthCheckCount(profile: Profile): Problem[] {
  return sections(profile).flatMap(({ path, health, replicas, counted }) => {
    const checks = health?.pings?.checks;
    if (checks === undefined || checks === 'slug' || checks.length === replicas) return [];
    return [
      {
        severity: 'error' as const,
        path: [...path, 'health', 'pings', 'checks'],
        message: `has ${checks.length} check id${checks.length === 1 ? '' : 's'}, but the devnet runs ${counted}`,
        hint: `give one id per replica in index order (replica N pings checks[N]), or write checks: slug to derive one per pod`,
      },
    ];
  });
}
