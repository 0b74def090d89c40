/**
 * Linera's images, made from the binaries `npm run linera:build` compiles, laid out as upstream's
 * images are: each binary at `/`, on Debian bookworm (linera-protocol docker/Dockerfile, runtime_base
 * debian:bookworm-slim; no WORKDIR or ENTRYPOINT). One image per role, as the published ones split
 * them: client (`linera`), validator (`linera-server`, `linera-proxy`), exporter (`linera-exporter`,
 * docker/Dockerfile.exporter) and the storage server devnet's light engine runs.
 *
 * The binaries go in stripped of their symbol tables (about 40% of an opt-level-0 build; a panic then
 * prints no function names): every megabyte is saved, copied into the node and unpacked on each cold
 * `up`, and upstream's release images are smaller still.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORAGE_SERVER_IMAGE } from '../../../src/networks/linera/storage-schema.js';
import { contentKey } from './cache.js';
import { dockerBuild, imageExists, removeOtherTags } from './docker-build.js';
import { aptInstall, run, step, type Say } from './run.js';

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
  const key = contentKey(base, lineraKey, ROLES, 'strip --strip-all');
  const images = Object.fromEntries(Object.keys(ROLES).map((role) => [role, `devnet-test/linera-${role}:${key}`])) as unknown as LineraImages;
  for (const [role, binaries] of Object.entries(ROLES) as [keyof LineraImages, string[]][]) {
    const tag = images[role];
    if (await imageExists(tag)) continue;
    const dockerfile = [`FROM ${base}`, ...binaries.map((b) => `COPY ${b} /${b}`)].join('\n');
    await step(`docker build ${tag} (${binaries.join(', ')}, stripped)`, progress, async () => {
      await aptInstall([{ package: 'binutils', probe: 'command -v strip' }], progress);
      const scratch = await mkdtemp(join(tmpdir(), 'devnet-linera-image-'));
      try {
        for (const b of binaries) await run('strip', ['--strip-all', '-o', join(scratch, b), join(lineraBin, b)]);
        await dockerBuild(tag, `${dockerfile}\n`, Object.fromEntries(binaries.map((b) => [b, join(scratch, b)])));
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
  }
  for (const tag of Object.values(images)) await removeOtherTags(tag);
  // The name linera-light's profile uses, which a user's `docker build` of
  // docker/linera-storage-server gives: `devnet up` finds it in Docker and loads it itself.
  await run('docker', ['tag', images.storage, STORAGE_SERVER_IMAGE]);
  return images;
}
