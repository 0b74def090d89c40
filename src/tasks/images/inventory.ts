/**
 * Every image a profile's `up` runs: its workloads (containers, init containers, Jobs, what the
 * ScyllaClusters run), the images inside the pinned prerequisite manifests (read from the manifests
 * themselves), and the kind node image.
 */
import { workloadImages, summariseUsers } from '../../networks/images.js';
import { isLocalImage } from '../../networks/local-images.js';
import type { Topology } from '../../networks/topology.js';
import { manifestImages } from '../../prereqs/images.js';
import { manifestAtHand, manifestFor } from '../../prereqs/source.js';
import { prerequisitesNamed } from '../../prereqs/versions.js';
import { parseImageRef, type ImageRef } from '../../render/image-ref.js';
import { cacheDir } from '../../system/paths.js';
import { isDevnetError } from '../../errors/index.js';

/** What runs it: the devnet's pods, a prerequisite's, the kind node itself, or Docker on this machine only. */
export type ImageRole = 'workload' | 'prerequisite' | 'node' | 'tool';

export interface InventoryImage {
  ref: ImageRef;
  role: ImageRole;
  /** Who runs it: components, a prerequisite's Deployments, the kind node. */
  users: string[];
  /** Built on this machine (devnet.local/, or given to --load-image): loaded, never pulled from its registry. */
  local: boolean;
  /** Also run here by Docker (the network's own tools), so Docker must have it too. */
  host?: boolean;
}

export interface Inventory {
  images: InventoryImage[];
  /** What could not be listed, and why (a prerequisite manifest not at hand). */
  gaps: string[];
}

export interface InventoryOptions {
  env: Readonly<Record<string, string | undefined>>;
  manifestsDir?: string | undefined;
  /** Download a prerequisite manifest that is not at hand (false: report it as a gap). */
  download: boolean;
  /** --load-image images: built here, so never pulled. */
  loadImages?: readonly string[];
  signal?: AbortSignal | undefined;
}

export async function imageInventory(topology: Topology, options: InventoryOptions): Promise<Inventory> {
  const images: InventoryImage[] = [];
  const gaps: string[] = [];
  const loaded = new Set(options.loadImages ?? []);
  for (const use of workloadImages(topology)) {
    images.push({ ref: parseImageRef(use.image), role: 'workload', users: summariseUsers(use.users), local: isLocalImage(use.image) || loaded.has(use.image) });
  }
  for (const prereq of prerequisitesNamed(topology.prerequisites)) {
    const source = { offlineDir: options.manifestsDir, cacheDir: cacheDir(options.env), signal: options.signal };
    let text: string | undefined;
    try {
      text = (options.download ? await manifestFor(prereq, source) : await manifestAtHand(prereq, source))?.text;
    } catch (error) {
      if (!isDevnetError(error)) throw error;
      gaps.push(`${prereq.name} ${prereq.version}: ${error.message}`);
      continue;
    }
    if (text === undefined) {
      gaps.push(`${prereq.name} ${prereq.version}: its manifest is not at hand (run devnet up once with a network, or pass --manifests-dir)`);
      continue;
    }
    for (const use of manifestImages(text)) images.push({ ref: parseImageRef(use.image), role: 'prerequisite', users: use.users.map((u) => `${prereq.name} ${u}`), local: false });
  }
  for (const tool of topology.toolImages ?? []) images.push({ ref: parseImageRef(tool), role: 'tool', users: ['keys and genesis, on this machine'], local: isLocalImage(tool) || loaded.has(tool), host: true });
  if (topology.cluster.provider === 'kind') images.push({ ref: parseImageRef(topology.cluster.nodeImage), role: 'node', users: ['kind node'], local: false });
  return { images: merge(images), gaps };
}

/** One entry per image: the same reference used by workloads and a prerequisite keeps every user. */
function merge(images: InventoryImage[]): InventoryImage[] {
  const byName = new Map<string, InventoryImage>();
  for (const image of images) {
    const seen = byName.get(image.ref.normalised);
    if (seen === undefined) byName.set(image.ref.normalised, { ...image, users: [...image.users] });
    else {
      for (const user of image.users) if (!seen.users.includes(user)) seen.users.push(user);
      if (image.host === true) seen.host = true;
    }
  }
  return [...byName.values()];
}

/** What the node pulls from registries: the workloads' and prerequisites' images that are not built here. */
export function pulledImages(inventory: Inventory): InventoryImage[] {
  return inventory.images.filter((i) => (i.role === 'workload' || i.role === 'prerequisite') && !i.local);
}

/** The registries the node pulls from, which get a cache each. */
export function upstreamsOf(inventory: Inventory): string[] {
  return [...new Set(pulledImages(inventory).map((i) => i.ref.registry))].sort();
}
