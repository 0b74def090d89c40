/**
 * What `devnet images` lists: every image a profile's `up` runs, the prerequisites' read from the
 * pinned manifests themselves (the copies in test/fixtures/upstream), split into registry and
 * repository the way containerd names them, and where each one is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KIND_NODE_IMAGE } from '../../../src/config/schema.js';
import { manifestImages } from '../../../src/prereqs/images.js';
import { isPinned, parseImageRef } from '../../../src/render/image-ref.js';
import { imageInventory, pulledImages, upstreamsOf } from '../../../src/tasks/images/inventory.js';
import { inCache, locate } from '../../../src/tasks/images/locate.js';
import { loadShipped } from '../../support/profiles.js';
import { UPSTREAM_DIR } from '../../support/upstream.js';

const certManager = () => readFileSync(join(UPSTREAM_DIR, 'manifests', 'cert-manager-v1.20.2', 'cert-manager.yaml'), 'utf8');
const scyllaOperator = () => readFileSync(join(UPSTREAM_DIR, 'manifests', 'scylla-operator-v1.21.1', 'operator.yaml'), 'utf8');
const inventoryOf = (profile: string, sets: string[] = []) =>
  imageInventory(loadShipped(profile, sets).topology, { env: { DEVNET_CACHE_DIR: '/nonexistent' }, manifestsDir: UPSTREAM_DIR, download: false });

describe('image references', () => {
  test('are split as containerd names them: Docker Hub short names get docker.io/library/ and :latest', () => {
    expect(parseImageRef('nginx')).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: 'latest', normalised: 'docker.io/library/nginx:latest' });
    expect(parseImageRef('scylladb/scylla:2025.1')).toMatchObject({ registry: 'docker.io', repository: 'scylladb/scylla', tag: '2025.1' });
    expect(parseImageRef('localhost:5000/linera:dev')).toMatchObject({ registry: 'localhost:5000', repository: 'linera', tag: 'dev' });
  });

  test('a digest pins the image; a tag alone does not', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = parseImageRef(`quay.io/jetstack/cert-manager-webhook:v1.20.2@${digest}`);
    expect(pinned).toMatchObject({ registry: 'quay.io', repository: 'jetstack/cert-manager-webhook', tag: 'v1.20.2', digest });
    expect(isPinned(pinned)).toBe(true);
    expect(isPinned(parseImageRef('quay.io/jetstack/cert-manager-webhook:v1.20.2'))).toBe(false);
    expect(() => parseImageRef('nginx@sha256:short')).toThrow(/is not a digest/);
  });
});

describe('the images in a prerequisite manifest', () => {
  test("are cert-manager's three Deployments' images, with the Deployment that runs each", () => {
    expect(manifestImages(certManager())).toEqual([
      { image: 'quay.io/jetstack/cert-manager-cainjector:v1.20.2', users: ['Deployment/cert-manager-cainjector'] },
      { image: 'quay.io/jetstack/cert-manager-controller:v1.20.2', users: ['Deployment/cert-manager'] },
      { image: 'quay.io/jetstack/cert-manager-webhook:v1.20.2', users: ['Deployment/cert-manager-webhook'] },
    ]);
  });

  test("scylla-operator's come from its workloads only, never from the `image` fields its CRDs describe", () => {
    const found = manifestImages(scyllaOperator());
    expect(found.length).toBeGreaterThan(0);
    for (const use of found) {
      expect(use.image).toMatch(/^[a-z0-9.]+\/[^\s]+[:@]/);
      for (const user of use.users) expect(user).toMatch(/^(Deployment|DaemonSet|StatefulSet|Job|CronJob|Pod|ReplicaSet)\//);
    }
    expect(found.flatMap((u) => u.users)).toEqual(expect.arrayContaining(['Deployment/scylla-operator', 'Deployment/webhook-server']));
  });
});

describe('the inventory of a profile', () => {
  test('linera: the workloads, ScyllaDB and its agent, both prerequisites, the tools run on this machine and the node image', async () => {
    const { images, gaps } = await inventoryOf('linera');
    expect(gaps).toEqual([]);
    const roles = new Map(images.map((i) => [i.ref.original, i.role]));
    expect(roles.get('quay.io/jetstack/cert-manager-webhook:v1.20.2')).toBe('prerequisite');
    expect(roles.get(KIND_NODE_IMAGE)).toBe('node');
    expect([...roles.keys()].some((ref) => ref.startsWith('docker.io/scylladb/scylla:'))).toBe(true);
    expect([...roles.keys()].some((ref) => ref.startsWith('docker.io/scylladb/scylla-manager-agent:'))).toBe(true);
    // Each reference once, with every user (the shards of each validator collapse into one line).
    expect(new Set(images.map((i) => i.ref.normalised)).size).toBe(images.length);
    const validator = images.find((i) => i.users.some((u) => u.startsWith('shards')));
    expect(validator?.role).toBe('workload');
    expect(validator?.users).toContain('shards (3 validators)');
    expect(upstreamsOf({ images, gaps })).toEqual(expect.arrayContaining(['docker.io', 'quay.io']));
  });

  test('linera-light: the storage server built here is local, never pulled, so it gets no cache', async () => {
    const inventory = await inventoryOf('linera-light');
    const storage = inventory.images.find((i) => i.ref.registry === 'devnet.local');
    expect(storage?.local).toBe(true);
    expect(pulledImages(inventory).map((i) => i.ref.registry)).not.toContain('devnet.local');
    expect(upstreamsOf(inventory)).not.toContain('devnet.local');
  });

  test('a prerequisite manifest not at hand is a gap that says how to get it, not a failure', async () => {
    const { images, gaps } = await imageInventory(loadShipped('linera').topology, { env: { DEVNET_CACHE_DIR: '/nonexistent' }, download: false });
    expect(gaps).toEqual([
      'cert-manager v1.20.2: its manifest is not at hand (run devnet up once with a network, or pass --manifests-dir)',
      'scylla-operator v1.21.1: its manifest is not at hand (run devnet up once with a network, or pass --manifests-dir)',
    ]);
    expect(images.some((i) => i.role === 'prerequisite')).toBe(false);
  });
});

describe('where an image is', () => {
  test('in the node only when every node has it; in the cache by tag or by digest; in Docker by its name', async () => {
    const { images } = await inventoryOf('linera');
    const webhook = images.find((i) => i.ref.original === 'quay.io/jetstack/cert-manager-webhook:v1.20.2');
    if (webhook === undefined) throw new Error('no webhook image');
    const node = [{ id: 'sha256:1', names: ['quay.io/jetstack/cert-manager-webhook:v1.20.2'], bytes: 20_000_000 }];
    const [inBoth] = await locate([webhook], { nodes: [node, node], caches: new Map(), docker: async () => undefined });
    expect(inBoth).toMatchObject({ where: ['node'], bytes: 20_000_000 });
    const [inOne] = await locate([webhook], { nodes: [node, []], caches: new Map([['quay.io', new Set(['jetstack/cert-manager-webhook:v1.20.2'])]]), docker: async () => 5 });
    expect(inOne).toMatchObject({ where: ['cache', 'docker'], bytes: 5 });
    const [nowhere] = await locate([webhook], { nodes: [], caches: new Map(), docker: async () => undefined });
    expect(nowhere?.where).toEqual([]);
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(inCache(new Set([`linera@${digest}`]), parseImageRef(`registry.local:5000/linera@${digest}`))).toBe(true);
    expect(inCache(new Set(['linera:other']), parseImageRef('registry.local:5000/linera:dev'))).toBe(false);
  });
});
