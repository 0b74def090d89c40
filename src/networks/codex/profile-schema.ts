/** The `codex:` section: Codex storage nodes with a bootstrap node (the Codex chart case). */
import * as z from 'zod';
import { p2pSection } from '../p2p/profile-schema.js';
import { port } from '../../config/fields.js';

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
      'api-bindaddr': '0.0.0.0',
      'api-port': '{{ ports.api.port }}',
      metrics: true,
      'metrics-address': '0.0.0.0',
      'metrics-port': '{{ ports.metrics.port }}',
      'eth-private-key': '{{ key.path }}',
      'bootstrap-node': '{{ bootstrap.address }}',
    },
    ports: {
      transport: { port: 8070, nodePort: { base: 30500, offset: 10 } },
      discovery: { port: 8090, protocol: 'UDP', nodePort: { base: 30600, offset: 10 } },
      api: { port: 8080 },
      metrics: { port: 8008, metrics: true },
    },
    dataPath: '/data',
    keys: { type: 'secp256k1', fileName: 'eth-key' },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
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
  },
).describe('What each Codex storage node runs.');

export type CodexSection = z.infer<typeof codexSection>;
