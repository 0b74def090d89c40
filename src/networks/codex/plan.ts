import type { CodexProfile } from './profile-schema.js';
import { planP2p, type P2pFlavour } from '../p2p/plan.js';
import type { Topology, Word } from '../topology.js';

const ETH_KEY = 'eth-key';

export function planCodex(profile: CodexProfile): Topology {
  const { codex } = profile;
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
