import type { CodexProfile } from '../../config/schema.js';
import { planP2p } from '../p2p/plan.js';
import type { Topology } from '../topology.js';

export function planCodex(profile: CodexProfile): Topology {
  return planP2p({
    profile,
    section: profile.codex,
    sectionKey: 'codex',
    component: 'codex',
    role: 'A Codex storage node: stores and serves data blocks, proves storage to the marketplace.',
    ...(profile.codex.bootstrap.enabled
      ? {
          bootstrap: {
            role: 'The bootstrap node: the first peer every storage node contacts; its signed peer record (SPR) is discovered at run time.',
            api: { port: profile.codex.bootstrap.apiPort, path: profile.codex.bootstrap.sprPath },
          },
        }
      : {}),
    bootnodes: false,
    flows: [
      'the bootstrap node starts first; devnet reads its SPR from its API and stores it in the bootstrap ConfigMap of every validator namespace',
      'storage nodes start with --bootstrap-node=<SPR> and find each other through discovery (UDP) and libp2p transport (TCP)',
      'each node has unique NodePorts: base + offset × index for transport and discovery',
    ],
  });
}
