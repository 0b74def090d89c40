import type { SubstrateProfile } from '../../config/schema.js';
import { planP2p } from '../p2p/plan.js';
import type { Topology } from '../topology.js';

export function planSubstrate(profile: SubstrateProfile): Topology {
  return planP2p({
    profile,
    section: profile.substrate,
    sectionKey: 'substrate',
    component: 'node',
    role: 'A validator node: authors and finalises blocks, gossips with its peers over P2P.',
    bootnodes: profile.substrate.bootnodes,
    flows: [
      'node-0 of validator 0 is the boot node: every other node dials it first (--bootnodes, peer id from its node key)',
      'nodes advertise <node address>:<NodePort> (--public-addr), so peers and the host can reach each one',
      'RPC and /metrics stay inside the cluster',
    ],
  });
}
