/**
 * Where each image of a devnet is now: in every node of its kind cluster, in the registry cache for
 * its registry, in this machine's Docker, or nowhere devnet can reach without a registry.
 */
import { inspectContainer, localImageSize, type DockerOptions } from '../../cluster/docker.js';
import { nodeImages, type NodeImage } from '../../cluster/node-images.js';
import { storedReferences } from '../../cluster/registry.js';
import type { CachePlan } from '../../networks/topology.js';
import type { ImageRef } from '../../render/image-ref.js';
import { cacheName } from '../../render/registry-cache.js';
import { REGISTRY_ROOT } from '../cache/ensure.js';
import type { InventoryImage } from './inventory.js';

export type Place = 'node' | 'cache' | 'docker';

export interface LocatedImage extends InventoryImage {
  where: Place[];
  /** Bytes as the node or Docker counts them, when one of them has it. */
  bytes?: number;
}

export interface Stores {
  /** Each node's images; the image is "in the node" when every node has it. */
  nodes: NodeImage[][];
  /** Registry host → what its cache stores (repository:tag, repository@digest). */
  caches: Map<string, Set<string>>;
  /** Docker's size of an image, or undefined when Docker lacks it. */
  docker: (ref: ImageRef) => Promise<number | undefined>;
}

export function inNode(store: readonly NodeImage[], ref: ImageRef): NodeImage | undefined {
  const byDigest = ref.digest === undefined ? undefined : `${ref.registry}/${ref.repository}@${ref.digest}`;
  const byTag = ref.tag === undefined ? undefined : `${ref.registry}/${ref.repository}:${ref.tag}`;
  return store.find((image) => image.names.some((name) => name === byDigest || (byDigest === undefined && name === byTag)));
}

export function inCache(stored: ReadonlySet<string> | undefined, ref: ImageRef): boolean {
  if (stored === undefined) return false;
  if (ref.digest !== undefined) return stored.has(`${ref.repository}@${ref.digest}`);
  return ref.tag !== undefined && stored.has(`${ref.repository}:${ref.tag}`);
}

export async function locate(images: readonly InventoryImage[], stores: Stores): Promise<LocatedImage[]> {
  const located: LocatedImage[] = [];
  for (const image of images) {
    const where: Place[] = [];
    let bytes: number | undefined;
    const copies = stores.nodes.map((node) => inNode(node, image.ref));
    if (stores.nodes.length > 0 && copies.every((c) => c !== undefined)) {
      where.push('node');
      bytes = copies[0]?.bytes;
    }
    if (inCache(stores.caches.get(image.ref.registry), image.ref)) where.push('cache');
    const inDocker = await stores.docker(image.ref);
    if (inDocker !== undefined) {
      where.push('docker');
      bytes ??= inDocker;
    }
    located.push({ ...image, where, ...(bytes === undefined ? {} : { bytes }) });
  }
  return located;
}

/** What the running caches of these registries store; a cache that is not running stores nothing reachable. */
export async function cacheStores(plan: CachePlan, registries: readonly string[], docker: DockerOptions): Promise<Map<string, Set<string>>> {
  const stores = new Map<string, Set<string>>();
  for (const registry of new Set(registries)) {
    const name = cacheName(plan.prefix, registry);
    const state = await inspectContainer(name, docker);
    if (state?.running !== true) continue;
    const stored = await storedReferences(name, REGISTRY_ROOT, docker);
    if (stored !== undefined) stores.set(registry, stored);
  }
  return stores;
}

export async function nodeStores(nodes: readonly string[], docker: DockerOptions): Promise<NodeImage[][]> {
  return Promise.all(nodes.map((node) => nodeImages(node, docker)));
}

/** Docker knows an image by the name it was pulled or tagged as, which is the reference as written. */
export function dockerStore(docker: DockerOptions): Stores['docker'] {
  return async (ref) => localImageSize(ref.original, docker);
}
