/**
 * A field the schema accepts reaches the output, or the schema refuses it. For every leaf of every
 * network's profile schema (walked from the generated JSON Schema), the shipped profile is changed
 * to a distinctive valid value, planned and rendered; the rendered objects, the kind config or the
 * request handed to the key/genesis tools must change, in the place that field is for. Fields that
 * cannot reach them are listed below with the part of devnet that consumes them instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { generateKeys } from '../../../src/networks/builtin-keys.js';
import { lineraPlaceholders } from '../../../src/networks/linera/genesis.js';
import { profileJsonSchema } from '../../../src/networks/json-schema.js';
import { withEntries } from '../../../src/networks/material.js';
import { checkProfile, type Profile } from '../../../src/networks/registry.js';
import type { Topology } from '../../../src/networks/topology.js';
import { renderObjects } from '../../../src/render/index.js';
import { renderKindConfig } from '../../../src/render/kind-config.js';
import { ROOT, shippedText } from '../../support/profiles.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; additionalProperties?: Schema | boolean; anyOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[]; const?: unknown; minimum?: number; maximum?: number; items?: Schema; required?: string[]; pattern?: string };
type Path = (string | number)[];

/** Read by something other than the rendered objects; each names what reads it. */
const CONSUMED_ELSEWHERE: Record<string, string> = {
  apiVersion: 'the profile format version: devnet/v1 is its only value',
  network: 'the discriminator that chooses the section and the planner',
  description: 'shown by devnet explain',
  seed: 'the key and genesis generators (deterministic keys), not the objects',
  'cluster.provider': 'chooses kind or an existing kubeconfig context (src/tasks/target.ts)',
  'cluster.context': 'the kubeconfig context devnet connects to when provider is existing (src/tasks/target.ts)',
  'cluster.base': 'the base kind config file read by src/tasks/kind-config.ts, whose contents reach the kind config',
  'cluster.cache.*': 'the registry caches up starts before the cluster and the registry hosts it writes for the node (src/tasks/up/cache.ts, src/tasks/cache/); they are kept out of the kind config on purpose, so changing them never asks for --recreate',
  'cluster.cache.remotes.*': 'the URL a registry\'s cache pulls from (src/render/registry-cache.ts cacheSpecs), set when its container is made',
  'cluster.pullConcurrency': 'how many images up pulls into the node at a time (src/tasks/up/pull.ts)',
  '*.keys.type': 'one allowed value per network (the key type its program reads); the key generator reads it',
  'checks.builtin.*': 'the built-in checks devnet check runs against the running devnet (src/tasks/check/builtin.ts, src/networks/<kind>/checks.ts)',
  chaos: 'the faults devnet up and devnet chaos run play once the devnet is ready (src/tasks/chaos/schedule.ts), shown by plan and explain; each entry checked against the topology by src/networks/rules/chaos-rules.ts, and played in the kind tier (test/kind/chaos.test.ts)',
  'checks.assertions': 'the assertions devnet check runs (src/tasks/check/declared.ts); each names a component checked against the topology by src/networks/rules/check-rules.ts',
  ...Object.fromEntries(
    ['*.health.keyword', '*.health.within', '*.health.pings.url', '*.health.pings.checks', '*.*.health.keyword', '*.*.health.within', '*.*.health.pings.url', '*.*.health.pings.checks'].map((field) => [
      field,
      'log-keyword health (watchlog): evaluated from the pod logs by devnet status, health, up --wait-healthy and the dashboard, and shown by plan and explain (src/tasks/health/)',
    ]),
  ),
};

/** Optional objects absent from the shipped profiles, with a valid value to start from. */
const EXAMPLES: Record<string, unknown> = {
  'substrate.health': { keyword: 'Imported', within: '1m' },
  'codex.health': { keyword: 'Started', within: '1m' },
  'codex.persistence': { ethProvider: 'http://geth:8545' },
  '*.ports.probe': { port: 40000 },
  'linera.blockExporter.destinations': [{ kind: 'Indexer', endpoint: 'indexer.example', port: 8081 }],
  'linera.blockExporter.limits': { persistencePeriodMs: 1000, workQueueSize: 256, blobCacheWeightMb: 1024, blobCacheItemsCapacity: 8192, blockCacheWeightMb: 1024, blockCacheItemsCapacity: 8192, auxiliaryCacheSizeMb: 1024 },
  'linera.genesis.startTimestamp': '2025-01-01T00:00:00Z',
  'linera.exposure.ingress.tls.issuer': { kind: 'ClusterIssuer', name: 'letsencrypt' },
  'codex.runAs': { user: 1000, group: 1000 },
};

/** Other fields a change needs to be valid, or to be visible (a scrape flag shows only with ServiceMonitors on). */
function companions(path: Path, value: unknown, profile: unknown): [Path, unknown][] {
  const field = joined(path);
  const port = path.slice(0, 3);
  const needsBase = get(profile, [...port, 'nodePort', 'base']) === undefined ? [[[...port, 'nodePort', 'base'], 31900] as [Path, unknown]] : [];
  const readinessPort = get(profile, [path[0] ?? '', 'readiness', 'port']);
  const moveReadiness: [Path, unknown][] = port[2] === readinessPort ? [[[path[0] ?? '', 'readiness', 'port'], 'metrics']] : [];
  if (field === 'substrate.replicas') return [[['substrate', 'args', 'chain'], 'versi-local']];
  // Without dev accounts `chain: auto` has no authorities to pick a chain by: name one.
  if (field === 'substrate.devAccounts' && value === false) return [[['substrate', 'args', 'chain'], '/specs/own.json']];
  // Nodes without devnet's bootstrap node need one of the user's own to find each other.
  if (field === 'codex.bootstrap.enabled' && value === false) return [[['codex', 'args', 'bootstrap-node'], 'spr:CiUIAhIhAjOwnBootstrapNode']];
  if (glob(field)('linera.exposure.ingress.tls.issuer.*')) return [[['linera', 'exposure', 'ingress', 'enabled'], true], [['linera', 'exposure', 'gateway', 'enabled'], false]];
  if (glob(field)('*.serviceMonitor.interval')) return [[[path[0] ?? '', 'serviceMonitor', 'enabled'], true]];
  if (glob(field)('linera.exposure.*.*') && path[3] !== 'enabled') return [[['linera', 'exposure', String(path[2]), 'enabled'], true], [['linera', 'exposure', path[2] === 'gateway' ? 'ingress' : 'gateway', 'enabled'], false]];
  if (glob(field)('*.ports.*.protocol')) return moveReadiness;
  if (glob(field)('*.ports.*.metrics')) return [[[path[0] ?? '', 'serviceMonitor', 'enabled'], true]];
  if (glob(field)('*.ports.*.nodePort.bind')) return [[[...port, 'port'], value === true ? undefined : 40001], ...needsBase, ...moveReadiness];
  if (glob(field)('*.ports.*.nodePort.offset')) return needsBase;
  if (glob(field)('*.ports.*.port') && get(profile, [...port, 'nodePort', 'bind']) === true) return [[[...port, 'nodePort', 'bind'], false]];
  return [];
}

/** Where a change of a field must show; fields not listed may show anywhere. */
const PLACES: [RegExp, RegExp][] = [
  [/^cluster\./, /^kind-config/],
  [/\.(args|command)\b/, /^ConfigMap .*-commands$/],
  [/^(substrate|codex)\.env\b/, /^(StatefulSet|ConfigMap .*-commands)/],
  [/\.ports\..*\.nodePort\./, /^(Service .*-nodeport|kind-config)/],
  [/^linera\.storage\.service\./, /^(StatefulSet storage|ConfigMap storage-commands|Service storage)$/],
  [/^linera\.(images|binaries)\.storage/, /^(StatefulSet storage|ConfigMap storage-commands)$/],
  [/\.resources\./, /^(StatefulSet|Job|ScyllaCluster)/],
  [/^(substrate|codex)\.(readiness|fsGroup|volume|imagePullPolicy|image)\b/, /^StatefulSet/],
  [/^(substrate|codex)\.keys\./, /^(Secret|StatefulSet|ConfigMap .*-commands|material)/],
];

const glob = (path: string) => (key: string) => new RegExp(`^${key.replace(/\./g, '\\.').replace(/\*/g, '[^.]+')}$`).test(path);
const joined = (path: Path) => path.join('.');

function variants(schema: Schema): Schema[] {
  if (schema.anyOf || schema.oneOf) return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(variants);
  return Array.isArray(schema.type) ? schema.type.map((type) => ({ ...schema, type })) : [schema];
}

function get(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), data);
}

/** Every leaf path under a schema, with the keys records hold in this profile (and one new key each). */
function leaves(schema: Schema, path: Path, data: unknown): { path: Path; schema: Schema }[] {
  const object = variants(schema).find((v) => v.properties !== undefined || (typeof v.additionalProperties === 'object' && v.type === 'object'));
  if (object === undefined) return [{ path, schema }];
  if (object.properties !== undefined) return Object.entries(object.properties).flatMap(([key, child]) => leaves(child, [...path, key], data));
  const value = get(data, path);
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const item = object.additionalProperties as Schema;
  const probe = joined(path).endsWith('.env') ? 'DEVNET_PROBE' : 'probe';
  return [...keys, probe].flatMap((key) => (key === probe && variants(item).some((v) => v.properties) ? [{ path: [...path, key], schema: item }] : leaves(item, [...path, key], data)));
}

function candidates(schema: Schema, current: unknown, path: Path, names: string[]): unknown[] {
  const example = Object.entries(EXAMPLES).find(([key]) => glob(joined(path))(key) || glob(joined(path))(key.replace(/^\*\./, `${String(path[0])}.`)));
  if (example !== undefined && current === undefined) return [example[1]];
  const out: unknown[] = example === undefined ? [] : [example[1]];
  for (const v of variants(schema)) {
    if (v.enum) out.push(...v.enum.filter((e) => e !== current));
    else if (v.type === 'boolean') out.push(current === undefined ? true : !current);
    else if (v.type === 'integer' || v.type === 'number') {
      const n = typeof current === 'number' ? current : (v.minimum ?? 1);
      out.push(...[n + 1, n - 1, n + 7, n * 2, v.minimum, v.maximum].filter((x): x is number => typeof x === 'number' && x !== current && x >= (v.minimum ?? -Infinity) && x <= (v.maximum ?? Infinity)));
    } else if (v.type === 'string') {
      const s = typeof current === 'string' ? current : '';
      out.push(...names, `${s}x`, `${s}-probe`, s.replace(/\d+/, (d) => String(Number(d) + 3)), '3Gi', '300m', '7m', '/probe', 'probe', 'example.com/probe:1', 'http://probe:1', `0x${'ab'.repeat(20)}`);
    } else if (v.type === 'array') out.push([...(Array.isArray(current) ? current : []), 'probe']);
    else if (v.type === 'null') out.push(null);
    else if (v.type === 'object' && v.properties === undefined) out.push({ probe: { port: 40000 } });
  }
  return out.filter((c) => JSON.stringify(c) !== JSON.stringify(current));
}

interface Outputs {
  places: Map<string, string>;
}

const base = readFileSync(join(ROOT, 'clusters', 'default.yaml'), 'utf8');

function outputs(_profile: Profile, topology: Topology): Outputs {
  const material =
    topology.material.kind === 'linera'
      ? lineraPlaceholders(topology.material)
      : withEntries(generateKeys(topology.material.keys, 'fixed'), Object.fromEntries(topology.material.discovered.map((n) => [n, 'spr:discovered'])));
  const places = new Map<string, string>();
  for (const o of renderObjects(topology, material, { showSecrets: true })) places.set(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`.replace(' /', ' '), JSON.stringify(o));
  places.set('kind-config', JSON.stringify(renderKindConfig(topology.cluster, base, 'default')));
  places.set('material', JSON.stringify(topology.material));
  places.set('discovery', JSON.stringify(topology.components.map((c) => c.discovery ?? null)));
  return { places };
}

function changed(a: Outputs, b: Outputs): string[] {
  const names = new Set([...a.places.keys(), ...b.places.keys()]);
  return [...names].filter((n) => a.places.get(n) !== b.places.get(n)).map((n) => n.replace(/^(\w+) [\w-]+\//, '$1 ').replace(/^(\w+ )(.*)$/, (_, k: string, rest: string) => `${k}${rest}`));
}

function check(text: string) {
  return checkProfile({ file: 'probe.yaml', text });
}

function withValues(text: string, changes: [Path, unknown][]): string {
  const doc = parseDocument(text);
  for (const [path, value] of changes) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  return String(doc);
}

/** The shipped profile, with an example filled in when the leaf lives in an optional object it leaves out. */
function baseFor(text: string, path: Path, profile: unknown): string {
  for (let n = path.length - 1; n > 0; n--) {
    const prefix = path.slice(0, n);
    const example = Object.entries(EXAMPLES).find(([key]) => glob(joined(prefix))(key) || glob(joined(prefix))(key.replace(/^\*\./, `${String(path[0])}.`)));
    if (example !== undefined && (get(profile, prefix) === undefined || get(profile, prefix) === null)) return withValues(text, [[prefix, example[1]]]);
  }
  return text;
}

function probeLeaf(text: string, leaf: { path: Path; schema: Schema }): string {
  const field = joined(leaf.path);
  const start = check(text);
  if (!start.ok) return 'its example in EXAMPLES is not valid';
  const base = baseFor(text, leaf.path, start.profile);
  const first = check(base);
  if (!first.ok) return `the example for it is not valid: ${first.errors.map((e) => e.message).join('; ')}`;
  const current = get(first.profile, leaf.path);
  const section = first.profile.network;
  const names = Object.keys((get(first.profile, [section, 'ports']) as object | undefined) ?? {});
  let outcome = 'no distinctive value is valid: the schema accepts no other value, so list it or refuse it';
  for (const value of candidates(leaf.schema, current, leaf.path, names)) {
    const withCompanions = (v: unknown) => [...companions(leaf.path, v, first.profile), [leaf.path, v] as [Path, unknown]];
    const beforeResult = check(withValues(base, withCompanions(current).filter(([p]) => p !== leaf.path)));
    const next = check(withValues(base, withCompanions(value)));
    if (!next.ok) continue;
    const before = beforeResult.ok ? outputs(beforeResult.profile, beforeResult.topology) : outputs(first.profile, first.topology);
    const places = changed(before, outputs(next.profile, next.topology));
    if (places.length === 0) {
      outcome = `changing it to ${JSON.stringify(value)} changes nothing devnet renders`;
      continue;
    }
    const expected = PLACES.find(([pattern]) => pattern.test(field))?.[1];
    return expected === undefined || places.some((p) => expected.test(p)) ? 'ok' : `changed ${places.join(', ')} instead of ${String(expected)}`;
  }
  return outcome;
}

function probe(network: 'linera' | 'substrate' | 'codex', profiles: string[]) {
  const branch = (profileJsonSchema().oneOf as Schema[]).find((b) => b.properties?.network?.const === network) as Schema;
  const outcomes = new Map<string, string>();
  for (const name of profiles) {
    const text = shippedText(name);
    const first = check(text);
    if (!first.ok) throw new Error(`profiles/${name}.yaml must be valid`);
    for (const leaf of leaves(branch, [], first.profile)) {
      const field = joined(leaf.path);
      const consumed = Object.keys(CONSUMED_ELSEWHERE).some((key) => glob(field)(key) || glob(field)(key.replace(/^\*\./, `${network}.`)));
      if (consumed || outcomes.get(field) === 'ok') continue;
      outcomes.set(field, probeLeaf(text, leaf));
    }
  }
  return [...outcomes].map(([field, outcome]) => ({ field, outcome }));
}

describe('every profile field reaches what devnet renders, or is consumed elsewhere', () => {
  // Each leaf plans and renders a devnet two or three times: a few seconds per network.
  test.each(['substrate', 'codex'] as const)('%s', { timeout: 60_000 }, (network) => {
    const result = probe(network, [network]);
    expect(result.length).toBeGreaterThan(30);
    expect(result.filter((r) => r.outcome !== 'ok')).toEqual([]);
  });

  test('linera (each field in linera.yaml, linera-light.yaml or linera-production.yaml)', { timeout: 120_000 }, () => {
    const result = probe('linera', ['linera', 'linera-light', 'linera-production']);
    expect(result.length).toBeGreaterThan(30);
    expect(result.filter((r) => r.outcome !== 'ok')).toEqual([]);
  });
});
