import type { CodexProfile } from '../../config/schema.js';
import { planP2p, type P2pFlavour } from '../p2p/plan.js';
import { PlanError } from '../plan-error.js';
import type { Topology, Word } from '../topology.js';

const ETH_KEY = 'eth-key';

export function planCodex(profile: CodexProfile): Topology {
  const { codex } = profile;
  requireDiscovery(profile);
  return planP2p({
    profile,
    section: codex,
    sectionKey: 'codex',
    component: 'codex',
    role: 'A Codex storage node: stores and serves data blocks to its peers.',
    // nim-confutils reads an option's value only as --flag=value (see codex/profile-schema.ts).
    argForm: 'joined',
    // --net-privkey: libp2p's protobuf PrivateKey bytes (codex/utils/keyutils.nim:45-46).
    keyFormat: 'libp2p',
    ...(codex.bootstrap.enabled
      ? {
          bootstrap: {
            role: 'The bootstrap node: the first peer every storage node contacts; its signed peer record (SPR) is discovered at run time.',
            api: { port: codex.bootstrap.apiPort, path: codex.bootstrap.sprPath },
          },
        }
      : {}),
    ...persistence(codex.persistence, codex.keys?.mountPath ?? '/keys'),
    flows: [
      'the bootstrap node starts first; devnet reads its SPR from its API and stores it in the bootstrap ConfigMap of every validator namespace',
      'storage nodes start with --bootstrap-node=<SPR> and find each other through discovery (UDP) and libp2p transport (TCP)',
      'each node listens on, and advertises, its own NodePorts (node address:base + offset × index), as Codex\'s chart does: Codex cannot advertise a port it does not bind',
      'each node\'s REST API is reachable on its API NodePort from the host',
    ],
  });
}

/**
 * `codex persistence --eth-provider=… [--marketplace-address=…] --eth-private-key=<file>`: the
 * marketplace options exist only under that subcommand (codex/conf.nim:280-310), and Codex quits
 * without an Ethereum account or key (codex/codex.nim:74-100, which also wants the key file 0600;
 * nim-codex 36f64ad3).
 */
function persistence(options: CodexProfile['codex']['persistence'], keyDirectory: string): Partial<P2pFlavour> {
  if (options === undefined) return {};
  const joined = (flag: string, value: string): Word => [{ text: `--${flag}=${value}` }];
  return {
    subcommand: ['persistence'],
    // Codex strips the file's text and hands it to nim-ethers' Wallet.new(privateKey: string), which
    // reads hex with PrivateKey.fromHex (status-im/nim-ethers ethers/wallet.nim).
    extraKeys: [{ fileName: ETH_KEY, type: 'secp256k1', format: 'hex' }],
    extraWords: (slot) => [
      joined('eth-provider', options.ethProvider),
      ...(options.marketplaceAddress === undefined ? [] : [joined('marketplace-address', options.marketplaceAddress)]),
      joined('eth-private-key', `${keyDirectory}/${ETH_KEY}-${slot.index}`),
    ],
  };
}

/**
 * A Codex node finds others only through its DHT, whose routing table starts from the
 * --bootstrap-node records alone (nim-codex 36f64ad3 codex/conf.nim:179-183, no default;
 * codex/discovery.nim:221-246 hands them to the DHT as its only bootstrapRecords). Without a
 * bootstrap node of devnet's or an SPR of the user's, every node stays alone.
 */
function requireDiscovery(profile: CodexProfile): void {
  const { codex } = profile;
  const nodes = profile.validators * codex.replicas;
  if (codex.bootstrap.enabled || nodes < 2 || ownBootstrapNode(codex.args['bootstrap-node'])) return;
  throw new PlanError(
    ['codex', 'bootstrap', 'enabled'],
    `is false, and nothing else gives the ${nodes} nodes a bootstrap node: Codex finds peers only through the --bootstrap-node records it starts with, so each node would stay alone`,
    'set codex.bootstrap.enabled: true, or give codex.args.bootstrap-node the SPR of a bootstrap node of your own',
  );
}

/** A bootstrap-node value that names a node itself, not devnet's (empty when there is none). */
function ownBootstrapNode(value: unknown): boolean {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.some((v) => typeof v === 'string' && v.trim() !== '' && !v.includes('bootstrap.address'));
}
