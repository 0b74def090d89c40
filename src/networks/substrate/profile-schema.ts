/** The `substrate:` section: substrate-style validator nodes (the kubevali case), run the way zombienet runs Polkadot. */
import * as z from 'zod';
import { builtinBase } from '../../config/checks.js';
import { networkProfile, type Normalised } from '../../config/schema.js';
import { count } from '../../config/fields.js';
import { p2pSection } from '../p2p/profile-schema.js';

/*
 * Facts about the polkadot binary and image these defaults rely on (paritytech/polkadot-sdk unless
 * named; the repository is too large to fetch whole, so each file was read at the commit given):
 * - image tag: the release workflow tags parity/polkadot with `latest`, `v<version>` and the
 *   release's `stableYYMM[-N]` (paritytech-release/polkadot-sdk@377e4400
 *   .github/workflows/release-50_publish-docker.yml, step "Fetch release tags", and
 *   prepare_docker_stable_tag in .github/scripts/common/lib.sh@c2308d65). stable2509 is polkadot 1.20.0.
 * - the image runs as `parity`, uid/gid 1000: polkadot_injected_debian.Dockerfile@12e05239 ends with
 *   `USER parity` FROM parity/base-bin, whose Dockerfile runs `useradd -m -u 1000 -U … parity`
 *   (paritytech/dockerfiles@afcf42b6 base-bin/Dockerfile). Hence fsGroup 1000.
 * - `--chain`: `auto` is devnet's own value, replaced by the dev chain the node count can run
 *   (./chains.ts, where the chain ids and their authorities are sourced); any string polkadot does
 *   not know as a chain id is read as a chain spec file path (polkadot-cli 28.0.0 src/command.rs:169-170).
 * - RPC on every interface, so the Service, the probe and the pod proxy reach it: `--rpc-external`
 *   with `--validator` is refused unless `--rpc-methods unsafe`, which serves author_insertKey and
 *   the other unsafe methods to anyone who reaches the port; `--unsafe-rpc-external` binds every
 *   interface with the methods asked for, here `safe` (sc-cli 0.55.0 src/params/rpc_params.rs:300-326,
 *   the version polkadot-sdk stable2509 pins). `rpc-methods: unsafe` is the user's explicit opt-in.
 * - `--rpc-cors all` stays: with a list of origins the RPC server also filters the Host header down
 *   to localhost/127.0.0.1/[::1] at the port it binds (sc-rpc-server 25.0.0 src/utils.rs:146 and
 *   :194-207), which refuses the kubelet's probe, the API server's pod proxy (it keeps the client's
 *   Host) and every client that connects through a NodePort (another port).
 * - `--insecure-validator-i-know-what-i-do` (polkadot/cli/src/cli.rs, RunCmd.insecure_validator,
 *   `requires = "validator"`): secure validator mode needs seccomp and user-namespace unshare for the
 *   PVF workers (polkadot/node/core/pvf/src/security.rs@1604f6a4,
 *   SecureModeError::is_allowed_in_secure_mode), which a container on a laptop kernel often cannot
 *   give (polkadot-sdk#2728). A devnet validates nobody's parachain code, so the sandbox buys nothing.
 * - GET /health on the RPC port answers 200 with system_health once the node runs
 *   (substrate/client/rpc-servers/src/middleware/node_health.rs@0c18436c, InterceptRequest::Health).
 */
export const substrateSection = p2pSection(
  {
    image: 'docker.io/parity/polkadot:stable2509',
    replicas: 1,
    command: ['polkadot'],
    args: {
      validator: true,
      chain: 'auto',
      name: 'devnet-{{ index | pad: 2 }}',
      'base-path': '/data',
      port: '{{ ports.p2p.port }}',
      'public-addr': '/ip4/{{ node.address }}/tcp/{{ ports.p2p.nodePort }}',
      'node-key-file': '{{ key.path }}',
      'rpc-port': '{{ ports.rpc.port }}',
      'unsafe-rpc-external': true,
      'rpc-methods': 'safe',
      'rpc-cors': 'all',
      'prometheus-port': '{{ ports.metrics.port }}',
      'prometheus-external': true,
      'insecure-validator-i-know-what-i-do': true,
    },
    argForm: '--flag value (clap)',
    ports: {
      p2p: { port: 30333, nodePort: { base: 30333, offset: 1 } },
      rpc: { port: 9944, nodePort: { base: 30944, offset: 1 } },
      metrics: { port: 9615, metrics: true },
    },
    dataPath: '/data',
    keyTypes: ['ed25519'],
    keys: { type: 'ed25519', fileName: 'node-key' },
    readiness: { port: 'rpc', path: '/health' },
    fsGroup: 1000,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    // The image's own user, uid/gid 1000 (see the facts above): the pods meet Pod Security "restricted".
    runAs: { user: 1000, group: 1000 },
  },
  {
    bootnodes: z
      .boolean()
      .default(true)
      .describe('Give every node except node 0 the address and peer id of node 0 as --bootnodes.'),
    devAccounts: z
      .boolean()
      .default(true)
      .describe(
        'Give node N the session keys of the N-th well-known dev account (--alice, --bob, --charlie, --dave, --eve, --ferdie, --one, --two), so each node is a distinct authority of a dev chain such as rococo-local (authorities Alice and Bob). With args.chain: auto, devnet picks the dev chain whose authorities the nodes are: rococo-dev for 1 node, rococo-local for 2, versi-local for 3 or 4.',
      ),
  },
).describe('What each substrate-style validator node runs.');

export type SubstrateSection = z.infer<typeof substrateSection>;

/** Settings of the built-in checks (checks.builtin; the checks themselves are in ./checks.ts). */
export const substrateBuiltinSettings = z
  .strictObject({
    ...builtinBase,
    bestBlock: count('Every node\'s best block must reach at least this number.', 1, 1_000_000).default(3),
    finalized: count('Every node\'s finalized block must reach at least this number.', 0, 1_000_000).default(1),
    minPeers: count('Peers every node must have (default: every other node, validators × substrate.replicas − 1).', 0, 1000).optional(),
  })
  .prefault({})
  .describe('Built-in checks of a substrate-style chain: block production, finality and peers on every node.');

export type SubstrateBuiltinSettings = z.infer<typeof substrateBuiltinSettings>;

/** A substrate profile: the common fields, the substrate: section and its check settings. */
export const substrateProfile = networkProfile('substrate', { substrate: substrateSection.prefault({}) }, substrateBuiltinSettings);

export type SubstrateProfile = Normalised<z.infer<typeof substrateProfile>>;
