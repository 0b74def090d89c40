/** Key material for a loaded profile: seeds from the user or at random, and the network's generator. */
import { randomBytes } from 'node:crypto';
import { generateMaterial } from '../networks/generate.js';
import type { Material } from '../networks/material.js';
import { dockerContainers } from './containers.js';
import type { LoadedProfile } from './load-profile.js';
import type { Io } from '../system/io.js';

export async function materialFor(loaded: LoadedProfile, mode: 'tools' | 'placeholder', io: Pick<Io, 'env' | 'signal'>): Promise<Material> {
  const userSeed = loaded.profile.seed;
  return generateMaterial(loaded.profile, loaded.topology, {
    mode,
    seed: userSeed ?? randomBytes(16).toString('hex'),
    seedFromUser: userSeed !== undefined,
    container: dockerContainers(io.env, io.signal),
    signal: io.signal,
  });
}

export function placeholderNotice(material: Material): string | undefined {
  if (material.origin !== 'placeholder') return undefined;
  return 'Keys and genesis are placeholders: Linera\'s come from its own tools in Docker, which devnet up runs (or pass --generate-keys).';
}
