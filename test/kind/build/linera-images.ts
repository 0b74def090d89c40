/**
 * Linera's images, made from the binaries `npm run linera:build` compiles, laid out as upstream's
 * images are: each binary at `/`, on Debian bookworm (linera-protocol docker/Dockerfile, runtime_base
 * debian:bookworm-slim; no WORKDIR or ENTRYPOINT). One image per role, as the published ones split
 * them: client (`linera`), validator (`linera-server`, `linera-proxy`), exporter (`linera-exporter`,
 * docker/Dockerfile.exporter) and the storage server devnet's light engine runs.
 */
import { join } from 'node:path';
import { STORAGE_SERVER_IMAGE } from '../../../src/networks/linera/storage-schema.js';
import { contentKey } from './cache.js';
import { dockerBuild, imageExists, removeOtherTags } from './docker-build.js';
import { run, step, type Say } from './run.js';

export interface LineraImages {
  client: string;
  validator: string;
  exporter: string;
  storage: string;
}

const ROLES: Record<keyof LineraImages, string[]> = {
  client: ['linera'],
  validator: ['linera-server', 'linera-proxy'],
  exporter: ['linera-exporter'],
  storage: ['linera-storage-server'],
};

/** Tags carry the binaries' build key and the base, so a new build never hides behind an old tag. */
export async function ensureLineraImages(base: string, lineraBin: string, lineraKey: string, progress: Say): Promise<LineraImages> {
  const key = contentKey(base, lineraKey, ROLES);
  const images = Object.fromEntries(Object.keys(ROLES).map((role) => [role, `devnet-test/linera-${role}:${key}`])) as unknown as LineraImages;
  for (const [role, binaries] of Object.entries(ROLES) as [keyof LineraImages, string[]][]) {
    const tag = images[role];
    if (await imageExists(tag)) continue;
    const files = Object.fromEntries(binaries.map((b) => [b, join(lineraBin, b)]));
    const dockerfile = [`FROM ${base}`, ...binaries.map((b) => `COPY ${b} /${b}`)].join('\n');
    await step(`docker build ${tag} (${binaries.join(', ')})`, progress, () => dockerBuild(tag, `${dockerfile}\n`, files));
  }
  for (const tag of Object.values(images)) await removeOtherTags(tag);
  // The name linera-light's profile uses, which a user's `docker build` of
  // docker/linera-storage-server gives: `devnet up` finds it in Docker and loads it itself.
  await run('docker', ['tag', images.storage, STORAGE_SERVER_IMAGE]);
  return images;
}
