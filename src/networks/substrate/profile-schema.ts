/** The `substrate:` section: substrate-style validator nodes (the kubevali case). */
import * as z from 'zod';
import { p2pSection } from '../p2p/profile-schema.js';

export const substrateSection = p2pSection(
  {
    image: 'docker.io/parity/polkadot:stable2509',
    replicas: 2,
    command: ['polkadot'],
    args: {
      validator: true,
      chain: 'local',
      name: 'devnet-{{ index | pad: 2 }}',
      'base-path': '/data',
      port: '{{ ports.p2p.port }}',
      'public-addr': '/ip4/{{ node.address }}/tcp/{{ ports.p2p.nodePort }}',
      'node-key-file': '{{ key.path }}',
      'rpc-port': '{{ ports.rpc.port }}',
      'prometheus-port': '{{ ports.metrics.port }}',
      'prometheus-external': true,
    },
    ports: {
      p2p: { port: 30333, nodePort: { base: 30333, offset: 1 } },
      rpc: { port: 9944 },
      metrics: { port: 9615, metrics: true },
    },
    dataPath: '/data',
    keys: { type: 'ed25519', fileName: 'node-key' },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  },
  {
    bootnodes: z
      .boolean()
      .default(true)
      .describe('Give every node except node 0 the address and peer id of node 0 as --bootnodes.'),
  },
).describe('What each substrate-style validator node runs.');

export type SubstrateSection = z.infer<typeof substrateSection>;
