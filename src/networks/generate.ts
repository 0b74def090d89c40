/** Produces the key material a topology asks for, by the means its network kind uses. */
import type { ContainerRunner } from '../contracts/runner.js';
import { generateKeys } from './builtin-keys.js';
import { generateWithLineraTools, lineraPlaceholders } from './linera/genesis.js';
import { materialOf, withEntries, type Material } from './material.js';
import type { Profile } from './registry.js';
import type { Topology } from './topology.js';

export interface GenerateOptions {
  /** tools: run the network's own tools (in their images, for Linera); placeholder: stand-ins. */
  mode: 'tools' | 'placeholder';
  /** The user's seed, or a random one from the caller when the user gave none. */
  seed: string;
  /** True when the seed came from the user: Linera's tools then get --testing-prng-seed. */
  seedFromUser: boolean;
  /** Runs the network's tools in their images (Docker on a user's machine). */
  container: ContainerRunner;
  signal?: AbortSignal;
}

export async function generateMaterial(profile: Profile, topology: Topology, options: GenerateOptions): Promise<Material> {
  const request = topology.material;
  if (request.kind === 'replica-keys') {
    const keys = generateKeys(request.keys, options.seed);
    return withEntries(request.keys.length > 0 ? keys : materialOf('builtin', {}), Object.fromEntries(request.discovered.map((name) => [name, ''])));
  }
  if (profile.network !== 'linera' || options.mode === 'placeholder') return lineraPlaceholders(request);
  return generateWithLineraTools(request, {
    images: profile.linera.images,
    binaries: profile.linera.binaries,
    seed: options.seedFromUser ? options.seed : undefined,
    container: options.container,
    signal: options.signal,
  });
}
