/** Codex storage networks, as devnet knows them: everything the registry (../registry.ts) needs of this kind. */
import type { NetworkDefinition } from '../kind.js';
import { distinctPorts, p2pNodePorts } from '../p2p/rules.js';
import { perValidator } from '../rules/health-rules.js';
import { codexChecks } from './checks.js';
import { discoveryProblems } from './discovery.js';
import { planCodex } from './plan.js';
import { codexProfile, type CodexProfile } from './profile-schema.js';

export const codexKind = {
  name: 'codex',
  summary: 'Codex storage network: storage nodes with unique P2P ports and a bootstrap node.',
  shippedProfile: 'codex',
  advertisesEndpoints: false,
  defaultValidators: 1,
  profile: codexProfile,
  plan: planCodex,
  checks: codexChecks,
  tolerance: () => ({
    rule: 'Codex nodes do not vote: there is no quorum to lose. A file uploaded to a node (POST /api/codex/v1/data) is kept by that node; the others fetch its blocks from it',
    mayFail: undefined,
    beyond: 'a download fails once every node holding the file\'s blocks is down or cut off; copies on several nodes come only from a marketplace storage request',
    source: 'the Codex REST API (nim-codex openapi.yaml: /data upload, /data/{cid}/network download)',
  }),
  rules: [discoveryProblems, (profile) => distinctPorts('codex', profile.codex)],
  health(profile) {
    const bootstrap = profile.codex.bootstrap.enabled ? 1 : 0;
    const nodes = perValidator(profile.validators, 'storage nodes', profile.codex.replicas);
    const counted = bootstrap === 0 ? nodes.counted : `${nodes.replicas + 1} nodes (the bootstrap node, then ${nodes.counted})`;
    return [{ path: ['codex'], health: profile.codex.health, replicas: nodes.replicas + bootstrap, counted }];
  },
  nodePorts: (profile, topology) => p2pNodePorts(profile, profile.codex, topology, profile.codex.bootstrap.enabled),
} satisfies NetworkDefinition<CodexProfile>;
