/** The network kinds devnet knows, and the one entry point from a profile to a topology. */
import type { Profile } from '../config/schema.js';
import { planCodex } from './codex/plan.js';
import { planLinera } from './linera/plan.js';
import { planSubstrate } from './substrate/plan.js';
import type { Topology } from './topology.js';

export function planTopology(profile: Profile): Topology {
  switch (profile.network) {
    case 'linera':
      return planLinera(profile);
    case 'substrate':
      return planSubstrate(profile);
    case 'codex':
      return planCodex(profile);
  }
}

export const NETWORK_SUMMARIES: Record<Profile['network'], string> = {
  linera: 'Linera: validators made of shards and proxies over ScyllaDB or linera-storage-server, with an optional block exporter.',
  substrate: 'Substrate-style chain: validator nodes with per-replica command lines and P2P NodePorts.',
  codex: 'Codex storage network: storage nodes with unique P2P ports and a bootstrap node.',
};
