/** `docker build` from a context assembled on the fly: a Dockerfile text and the files it copies. */
import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { kindCacheRoot } from './cache.js';
import { run, succeeds } from './run.js';

/** Context path → file on this machine. */
export type ContextFiles = Record<string, string>;

/**
 * The classic builder (DOCKER_BUILDKIT=0): it takes `FROM` a local image as it is, where BuildKit
 * would try to resolve it in a registry, and no registry is reachable from the test machines.
 */
export async function dockerBuild(tag: string, dockerfile: string, files: ContextFiles): Promise<void> {
  const context = join(kindCacheRoot(), 'tmp', `context-${process.pid}-${tag.replace(/[^a-zA-Z0-9.-]/g, '_')}`);
  await rm(context, { recursive: true, force: true });
  try {
    for (const [to, from] of Object.entries(files)) {
      const target = join(context, to);
      await mkdir(dirname(target), { recursive: true });
      // Hard links keep 100 MB binaries from being copied twice; a copy where they cannot be made.
      await link(from, target).catch(() => copyFile(from, target));
    }
    await mkdir(context, { recursive: true });
    await writeFile(join(context, 'Dockerfile'), dockerfile);
    await run('docker', ['build', '--quiet', '--tag', tag, context], { env: { DOCKER_BUILDKIT: '0' } });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

export async function imageExists(tag: string): Promise<boolean> {
  return succeeds('docker', ['image', 'inspect', tag]);
}

/** Removes the repository's other tags (older builds), so rebuilt images do not pile up in Docker. */
export async function removeOtherTags(tag: string): Promise<void> {
  const repository = tag.replace(/:[^/:]+$/, '');
  const tags = (await run('docker', ['image', 'ls', repository, '--format', '{{.Repository}}:{{.Tag}}'])).split('\n').filter(Boolean);
  const stale = tags.filter((t) => t !== tag);
  if (stale.length > 0) await run('docker', ['image', 'rm', ...stale]);
}
