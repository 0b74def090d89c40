/** The `codex:` section: Codex storage nodes with a bootstrap node, run the way Codex's Helm chart runs them. */
import * as z from 'zod';
import { builtinBase } from '../../config/checks.js';
import { networkProfile, type Normalised } from '../../config/schema.js';
import { p2pSection } from '../p2p/profile-schema.js';
import { count, port } from '../../config/fields.js';

/*
 * Facts about Codex 0.2.5 (codex-storage/nim-codex 36f64ad3) these defaults rely on:
 * - option names: codex/conf.nim:102-278 (data-dir, listen-addrs, nat, disc-port, net-privkey,
 *   bootstrap-node, api-*, metrics*); `--eth-*` and `--marketplace-address` exist only under the
 *   `persistence` subcommand (conf.nim:280-310).
 * - its parser (status-im/nim-confutils cb858a27) takes a long option's value only as --flag=value or
 *   --flag:value: `getopt(cmdLine)` passes no longNoVal list (confutils.nim:1105), so
 *   cli_parser.nim:133-137 gives `--data-dir /data` an empty value and `/data` becomes a stray
 *   argument (confutils.nim:1143-1144). A bare `--metrics` is true (parseCmdArg bool, confutils.nim:559-561).
 * - with `--nat=extip:IP` Codex advertises IP with the ports it binds, "port redirection must be done
 *   by hand" (codex/nat.nim:375-377); so, like the chart (charts/codex/templates/statefulset.yaml:134-171,
 *   helm-charts 14355a7), each node listens on its own NodePort and advertises node IP:NodePort.
 * - `--net-privkey` is read as libp2p's protobuf private key and refused unless the file is exactly
 *   0600 (codex/utils/keyutils.nim:28-46, fileutils.nim:56-60; codex.nim:80-87 takes an absolute path
 *   as is); Codex is built with secp256k1 as its only key scheme (config.nims:136).
 * - readiness: the chart probes GET /api/codex/v1/debug/info on the API port (charts/codex/values.yaml:362-371).
 * - the image runs as root (docker/codex.Dockerfile has no USER), so no fsGroup is needed.
 */
export const codexSection = p2pSection(
  {
    image: 'docker.io/codexstorage/nim-codex:0.2.5',
    replicas: 3,
    command: ['codex'],
    args: {
      'data-dir': '/data',
      'listen-addrs': '/ip4/0.0.0.0/tcp/{{ ports.transport.port }}',
      'disc-port': '{{ ports.discovery.port }}',
      nat: 'extip:{{ node.address }}',
      'net-privkey': '{{ key.path }}',
      'api-bindaddr': '0.0.0.0',
      'api-port': '{{ ports.api.port }}',
      metrics: true,
      'metrics-address': '0.0.0.0',
      'metrics-port': '{{ ports.metrics.port }}',
      'bootstrap-node': '{{ bootstrap.address }}',
    },
    argForm: '--flag=value (confutils)',
    ports: {
      transport: { nodePort: { base: 30500, offset: 1, bind: true } },
      discovery: { protocol: 'UDP', nodePort: { base: 30600, offset: 1, bind: true } },
      api: { port: 8080, nodePort: { base: 30700, offset: 1 } },
      metrics: { port: 8008, metrics: true },
    },
    dataPath: '/data',
    keyTypes: ['secp256k1'],
    keys: { type: 'secp256k1', fileName: 'net-key' },
    readiness: { port: 'api', path: '/api/codex/v1/debug/info' },
    fsGroup: null,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    // nim-codex v0.2.5 docker/codex.Dockerfile has no USER: the image runs as root.
    runAs: null,
  },
  {
    bootstrap: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Run a bootstrap node whose address every other node receives.'),
        apiPort: port('Port of the bootstrap node\'s REST API.').default(8080),
        sprPath: z.string().startsWith('/').default('/api/codex/v1/spr').describe('API path that returns the bootstrap node\'s signed peer record.'),
      })
      .prefault({})
      .describe('The bootstrap node. Its address (SPR) is discovered at run time from its API and handed to the other nodes.'),
    persistence: z
      .strictObject({
        ethProvider: z
          .string()
          .regex(/^(https?|wss?):\/\/\S+$/, { message: 'must be an http(s):// or ws(s):// URL' })
          .describe('JSON-RPC endpoint of an Ethereum node the pods can reach (--eth-provider).'),
        marketplaceAddress: z
          .string()
          .regex(/^0x[0-9a-fA-F]{40}$/, { message: 'must be a 0x-prefixed 20-byte address' })
          .optional()
          .describe('Address of the deployed Marketplace contract (--marketplace-address); needed unless the provider\'s network has a known deployment.'),
      })
      .optional()
      .describe(
        'Run the nodes with Codex\'s persistence (marketplace) subcommand. Needs an Ethereum node; devnet gives each node its own Ethereum key (--eth-private-key, mode 0600). Without it, nodes store and serve data without contracts.',
      ),
  },
).describe('What each Codex storage node runs.');

export type CodexSection = z.infer<typeof codexSection>;

/** Settings of the built-in checks (checks.builtin; the checks themselves are in ./checks.ts). */
export const codexBuiltinSettings = z
  .strictObject({
    ...builtinBase,
    fileSize: count('Size in bytes of the file uploaded to one node and downloaded from another.', 1, 64 * 2 ** 20).default(256 * 1024),
  })
  .prefault({})
  .describe('Built-in checks of a Codex network: peers in every routing table, and a file travelling between two nodes.');

/** A codex profile: the common fields, the codex: section and its check settings. */
export const codexProfile = networkProfile('codex', { codex: codexSection.prefault({}) }, codexBuiltinSettings);

export type CodexProfile = Normalised<z.infer<typeof codexProfile>>;
