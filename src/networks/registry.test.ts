import { describe, expect, test } from 'vitest';
import { checkProfile } from './registry.js';
import { formatProblem } from '../config/problem.js';
import { load, loadShipped, problems, SHIPPED } from '../../test/support/profiles.js';

const header = (network: string, name = 'demo') => `apiVersion: devnet/v1\nname: ${name}\nnetwork: ${network}\n`;

describe('valid profiles', () => {
  test.each(SHIPPED)('shipped profile %s passes every stage', (name) => {
    const { profile, topology } = loadShipped(name);
    expect(profile.name).toBe(topology.name);
    expect(topology.components.length).toBeGreaterThan(0);
  });

  const cases: { name: string; text: string; check: (p: ReturnType<typeof load>) => void }[] = [
    {
      name: 'the smallest Linera profile takes every default',
      text: header('linera'),
      check: ({ profile }) => {
        expect(profile.validators).toBe(3);
        if (profile.network !== 'linera') throw new Error('network');
        expect(profile.linera.shards.replicas).toBe(2);
        expect(profile.linera.storage.layout).toBe('shared');
        expect(profile.linera.genesis.networkName).toBe('demo');
      },
    },
    {
      name: 'validators default by network kind',
      text: header('codex'),
      check: ({ profile }) => expect(profile.validators).toBe(1),
    },
    {
      name: 'CPU may be written as a number',
      text: `${header('linera')}linera:\n  shards:\n    resources:\n      limits: { cpu: 2 }\n`,
      check: ({ profile }) => expect(profile).toMatchObject({ network: 'linera', linera: { shards: { resources: { limits: { cpu: '2' } } } } }),
    },
    {
      name: 'an empty args map gives a bare command',
      text: `${header('substrate')}substrate:\n  command: [node]\n  args: {}\n  keys: null\n  devAccounts: false\n`,
      check: ({ topology }) => expect(topology.components[0]?.replicas[0]?.command).toEqual([[{ text: 'node' }]]),
    },
  ];
  test.each(cases)('$name', ({ text, check }) => check(load(text)));
});

const BUILD = 'docker build -t devnet.local/linera-storage-server:0.15.23 docker/linera-storage-server';

describe('invalid profiles: every problem at once, located, with a hint', () => {
  const cases: { name: string; text: string; sets?: string[]; expected: string[] }[] = [
    {
      name: 'missing required fields',
      text: 'network: linera\n',
      expected: [
        'profile.yaml:1:1  apiVersion: is required: "devnet/v1"\n    hint: add `apiVersion: devnet/v1` at the top of the profile',
        'profile.yaml:1:1  name: is required\n    hint: Name of the devnet; prefixes its namespaces and labels every object.',
      ],
    },
    {
      name: 'unknown network',
      text: 'apiVersion: devnet/v1\nname: x\nnetwork: cosmos\n',
      expected: ['profile.yaml:3:10  network: must be one of "linera", "substrate", "codex" (got "cosmos")\n    hint: choose the network kind this profile describes'],
    },
    {
      name: 'wrong types, ranges, a misspelt field and a misspelt value, in file order',
      text: `${header('linera', 'Bad_Name')}validators: "three"\ncluster:\n  reservedValidator: 4\nlinera:\n  proxies:\n    replicas: 0\n  storage:\n    layout: perValidator\n`,
      expected: [
        'profile.yaml:2:7  name: must be lower-case letters, digits and "-", starting and ending with a letter or digit\n    hint: Name of the devnet; prefixes its namespaces and labels every object.',
        'profile.yaml:4:13  validators: must be a number, not the string "three"\n    hint: Number of validators; each gets its own namespace. Default: 3 for linera, 2 for substrate, 1 for codex.',
        'profile.yaml:6:3  cluster.reservedValidator: is not a known field\n    hint: did you mean "reservedValidators"?',
        'profile.yaml:9:15  linera.proxies.replicas: must be at least 1\n    hint: How many proxy replicas each validator runs.',
        'profile.yaml:11:13  linera.storage.layout: must be one of "shared", "per-validator" (got "perValidator")\n    hint: did you mean "per-validator"?',
      ],
    },
    {
      name: 'a storage engine devnet does not know, and a storage server that cannot bind',
      text: `${header('linera')}linera:\n  images:\n    storage: "devnet.local/linera storage"\n  storage:\n    engine: rocksdb\n    service:\n      port: 0\n      capacty: 1Gi\n`,
      expected: [
        `profile.yaml:6:14  linera.images.storage: must be an image reference such as "docker.io/library/busybox:1.36"\n    hint: Image with \`linera-storage-server\` at /, for storage.engine: service. No published image has it; build this default once with: ${BUILD} (in the devnet checkout). devnet.local/ images are never pulled: devnet up checks that Docker has them and loads them into kind.`,
        `profile.yaml:8:13  linera.storage.engine: must be one of "scylla", "service" (got "rocksdb")\n    hint: scylla: ScyllaDB run by scylla-operator (installs cert-manager and scylla-operator). service: linera-storage-server over RocksDB, what \`linera net up\` uses without --storage; no operators, a few hundred MiB. Its image is built on this machine: ${BUILD} (in the devnet checkout).`,
        'profile.yaml:10:13  linera.storage.service.port: must be a port between 1 and 65535\n    hint: Port linera-storage-server binds in its pod and serves on its Service.',
        'profile.yaml:11:7  linera.storage.service.capacty: is not a known field\n    hint: did you mean "capacity"?',
      ],
    },
    {
      name: 'a field from another network kind',
      text: `${header('linera')}substrate:\n  replicas: 2\n`,
      expected: [
        'profile.yaml:4:1  substrate: is not a known field\n    hint: known fields here: apiVersion, name, description, validators, seed, cluster, chaos, network, linera, checks',
      ],
    },
    {
      name: 'gateway and ingress both enabled',
      text: `${header('linera')}linera:\n  exposure:\n    gateway: { enabled: true }\n    ingress: { enabled: true }\n`,
      expected: [
        'profile.yaml:7:25  linera.exposure.ingress.enabled: cannot be true while exposure.gateway.enabled is true\n    hint: enable one of gateway and ingress, not both; ingress gives TLS, gateway serves plaintext gRPC',
      ],
    },
    {
      name: 'more validators than the reserved host ports',
      text: `${header('linera')}validators: 9\n`,
      expected: [
        'profile.yaml:4:13  validators: is 9, more than the 8 validators cluster.reservedValidators reserves host ports for\n    hint: raise cluster.reservedValidators to 9 or more (the kind cluster is then recreated once, with devnet up --recreate), or run fewer validators',
      ],
    },
    {
      name: 'NodePorts that run past the NodePort range',
      text: `${header('substrate')}substrate:\n  ports:\n    p2p: { port: 30333, nodePort: { base: 32761, offset: 1 } }\n`,
      expected: [
        'profile.yaml:6:43  substrate.ports.p2p.nodePort.base: gives p2p (TCP) of node 7 NodePort 32768, beyond the NodePort range 30000-32767; ports are planned for 8 validators (cluster.reservedValidators) × 1 replicas\n    hint: lower the base or the offset, or cluster.reservedValidators',
      ],
    },
    {
      name: 'overlapping NodePort ranges',
      text: `${header('codex')}codex:\n  ports:\n    transport: { port: 8070, nodePort: { base: 30500, offset: 1 } }\n    discovery: { port: 8071, nodePort: { base: 30501, offset: 1 } }\n`,
      expected: [
        'profile.yaml:6:48  codex.ports.transport.nodePort.base: NodePort 30501 is planned twice: for discovery (TCP) of the bootstrap node (codex.ports.discovery.nodePort) and for transport (TCP) of node 1 (codex.ports.transport.nodePort); Kubernetes gives a NodePort number to one Service only\n    hint: the ranges overlap for 8 validators (cluster.reservedValidators) × 3 replicas + the bootstrap node: discovery uses 30501-30525, transport uses 30500-30524; move a base or lower an offset so they do not meet',
      ],
    },
    {
      name: 'templates with unknown variables and filters, all reported',
      text: `${header('substrate')}substrate:\n  args:\n    name: "x-{{ idx }}"\n    port: "{{ ports.p2p.port | nope }}"\n`,
      expected: [
        'profile.yaml:6:11  substrate.args.name: template "x-{{ idx }}": undefined variable: idx\n    hint: available: index, ordinal, validator, replicas, devnet, namespace, component, pod.name, pod.address, node.address, ports.<name>.port / .nodePort / .hostPort, key.path, bootstrap.address',
        'profile.yaml:7:11  substrate.args.port: template "{{ ports.p2p.port | nope }}": undefined filter: nope\n    hint: filters: pad (e.g. {{ index | pad: 2 }}) and the Liquid standard filters such as plus, minus, times',
      ],
    },
    {
      name: 'YAML syntax error',
      text: `${header('linera')}linera:\n  shards: [1, 2\n`,
      expected: ['profile.yaml:6:1  Flow sequence in block collection must be sufficiently indented and end with a ]\n    hint: check the indentation: a nested field deeper than its parent, the items of one mapping or list at the same column, and a [ ] or { } value closed before the next field'],
    },
    {
      name: 'a genesis policy only test builds of Linera know',
      text: `${header('linera')}linera:\n  genesis:\n    policy: all-categories\n`,
      expected: [
        'profile.yaml:6:13  linera.genesis.policy: must be one of "no-fees", "testnet" (got "all-categories")\n    hint: Fee policy written in genesis. The release binaries know only these two (only-fuel and all-categories exist in test builds).',
      ],
    },
    {
      name: 'exporter limits are all or nothing',
      text: `${header('linera')}linera:\n  blockExporter:\n    limits: { workQueueSize: 10, persistencePeriodMs: 1000, blobCacheWeightMb: 1, blobCacheItemsCapacity: 1, blockCacheWeightMb: 1, blockCacheItemsCapacity: 1 }\n`,
      expected: ['profile.yaml:6:13  linera.blockExporter.limits.auxiliaryCacheSizeMb: is required\n    hint: Auxiliary cache size in MB.'],
    },
    {
      name: 'each exporter destination kind takes its own fields',
      text: `${header('linera')}linera:\n  blockExporter:\n    destinations:\n      - { kind: Logging, endpoint: x }\n      - { kind: Validatr, endpoint: x, port: 1 }\n`,
      expected: [
        'profile.yaml:7:9  linera.blockExporter.destinations[0].fileName: is required\n    hint: File name under /data.',
        'profile.yaml:7:26  linera.blockExporter.destinations[0].endpoint: is not a known field\n    hint: known fields here: kind, fileName',
        'profile.yaml:8:17  linera.blockExporter.destinations[1].kind: must be one of "Indexer", "Validator", "Logging" (got "Validatr")\n    hint: did you mean "Validator"?',
      ],
    },
    {
      name: 'the single Linera image of older profiles',
      text: `${header('linera')}linera:\n  image: linera:dev\n`,
      expected: ['profile.yaml:5:3  linera.image: is not a known field\n    hint: did you mean "images"?'],
    },
    {
      name: 'a --set flag with a bad value points at the flag',
      text: header('linera'),
      sets: ['linera.shards.replicas=many'],
      expected: ['--set linera.shards.replicas=many  linera.shards.replicas: must be a number, not the string "many"\n    hint: How many shard replicas each validator runs.'],
    },
    {
      name: 'a --set flag below a single value',
      text: header('linera'),
      sets: ['name.first=x'],
      expected: ['--set name.first=x  name.first: name is a single value, so name.first cannot be set inside it\n    hint: set the parent field instead'],
    },
  ];
  test.each(cases)('$name', ({ text, sets, expected }) => {
    expect(problems(text, sets)).toEqual(expected);
  });
});

describe('overrides', () => {
  test('--set values are typed like YAML and win over the file', () => {
    const { profile } = load(`${header('linera')}validators: 2\n`, ['validators=5', 'linera.blockExporter.enabled=true', 'cluster.name=ci']);
    expect(profile.validators).toBe(5);
    expect(profile.cluster.name).toBe('ci');
    expect(profile.network === 'linera' && profile.linera.blockExporter.enabled).toBe(true);
  });

  test('--set can create a section the file does not have', () => {
    const { profile } = load(header('substrate'), ['substrate.health.keyword=Imported', 'substrate.health.within=1m']);
    expect(profile.network === 'substrate' && profile.substrate.health).toEqual({ keyword: 'Imported', within: '1m' });
  });
});

describe('viability: refused for the commands that deploy, a warning for those that work on a devnet that exists', () => {
  const alone = `${header('codex')}validators: 3\ncodex:\n  bootstrap: { enabled: false }\n`;

  test('nodes that could never find each other refuse a deployment', () => {
    const result = checkProfile({ file: 'p.yaml', text: alone });
    expect(!result.ok && result.errors.map(formatProblem)).toEqual([expect.stringContaining('codex.bootstrap.enabled: is false, and nothing else gives the 9 nodes a bootstrap node')]);
  });

  test('the same profile still plans, with the problem as a warning, for reading or removing its devnet', () => {
    const result = checkProfile({ file: 'p.yaml', text: alone, use: 'existing' });
    expect(result.ok && result.warnings.map(formatProblem)).toEqual([expect.stringContaining('codex.bootstrap.enabled: is false')]);
    expect(result.ok && result.topology.components.map((c) => c.namespace)).toEqual(['demo-val-0', 'demo-val-1', 'demo-val-2']);
  });

  test('a profile that cannot be read stays refused for every command', () => {
    expect(checkProfile({ file: 'p.yaml', text: `${header('codex')}validators: many\n`, use: 'existing' }).ok).toBe(false);
  });
});
