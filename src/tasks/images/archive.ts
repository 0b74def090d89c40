/**
 * devnet images save / load: every image of a devnet in one archive (`docker save`, each layer once)
 * for a machine without a network, and back into that machine's Docker, from where `up --offline`
 * loads them into the kind node. An image Docker lacks is fetched first, through its registry cache
 * when one runs, so a machine that already ran the devnet saves without reaching any registry.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { inspectContainer, loadImageArchive, localImageSize, pullImage, removeImageTag, saveImages, tagImage, type DockerOptions } from '../../cluster/docker.js';
import { EnvironmentError, UserError } from '../../errors/index.js';
import { theme } from '../../output/theme.js';
import type { ImageRef } from '../../render/image-ref.js';
import { cacheName, REGISTRY_PORT } from '../../render/registry-cache.js';
import { isFile } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { run } from '../../system/process.js';
import { loadProfile, type ProfileFlags } from '../load-profile.js';
import { formatBytes } from './format.js';
import { imageInventory, type InventoryImage } from './inventory.js';

export interface SaveFlags extends ProfileFlags {
  file: string;
  nodeImage: boolean;
  manifestsDir?: string | undefined;
}

export async function runImagesSave(flags: SaveFlags, io: Io): Promise<string[]> {
  const loaded = await loadProfile(flags, io.cwd);
  const file = isAbsolute(flags.file) ? flags.file : resolve(io.cwd, flags.file);
  const docker: DockerOptions = { run, env: { ...io.env }, signal: io.signal };
  const t = theme(io.env, io.stderr);
  const inventory = await imageInventory(loaded.topology, { env: io.env, manifestsDir: flags.manifestsDir, download: true, signal: io.signal });
  if (inventory.gaps.length > 0) throw new EnvironmentError('Some of the devnet\'s images cannot be listed.', { details: inventory.gaps, hint: 'pass --manifests-dir with the prerequisite manifests, or run with a network' });
  const images = inventory.images.filter((i) => flags.nodeImage || i.role !== 'node');
  const names: string[] = [];
  const failed: string[] = [];
  for (const image of images) {
    const name = dockerName(image.ref);
    if (image.ref.digest !== undefined) io.stderr.write(`${t.hint('note')} ${image.ref.original} is pinned by digest; the archive carries it as ${name}, and only a registry keeps a digest\n`);
    if ((await localImageSize(name, docker)) === undefined) {
      io.stderr.write(`${t.dim(`  fetching ${image.ref.original}`)}\n`);
      const reason = await fetchIntoDocker(image, name, loaded.profile.cluster.cache.prefix, docker);
      if (reason !== undefined) {
        failed.push(`${image.ref.original}: ${reason}`);
        continue;
      }
    }
    names.push(name);
  }
  if (failed.length > 0) {
    throw new EnvironmentError(`${failed.length} image${failed.length === 1 ? '' : 's'} could not be brought into Docker; nothing was saved.`, {
      details: failed,
      hint: 'run devnet up once on this machine with a network (the caches keep what it pulls), or build the images named here',
    });
  }
  io.stderr.write(`${t.dim(`  docker save ${names.length} images to ${file}`)}\n`);
  await saveImages(names, file, docker);
  const size = (await stat(file)).size;
  io.stdout.write(`${theme(io.env, io.stdout).ok('✔')} Saved ${names.length} images of ${loaded.profile.name} (${formatBytes(size)}) to ${flags.file}; on the other machine: devnet images load ${flags.file}, then devnet up --offline -p ${flags.profile}\n`);
  return names;
}

export async function runImagesLoad(flags: { file: string }, io: Io): Promise<string[]> {
  const file = isAbsolute(flags.file) ? flags.file : resolve(io.cwd, flags.file);
  if (!(await isFile(file))) throw new UserError(`There is no file ${flags.file}.`, { hint: 'give the archive devnet images save wrote' });
  const names = await loadImageArchive(file, { run, env: { ...io.env }, signal: io.signal });
  const t = theme(io.env, io.stdout);
  for (const name of names) io.stdout.write(`  ${name}\n`);
  io.stdout.write(`${t.ok('✔')} Loaded ${names.length} images into Docker; devnet up --offline uses them\n`);
  return names;
}

/** Docker cannot name an image by digest once it left a registry: the archive uses its tag. */
function dockerName(ref: ImageRef): string {
  if (ref.digest === undefined) return ref.original;
  return `${ref.original.replace(/@.*$/, '').replace(/:[^/:]+$/, '')}:${ref.tag ?? 'latest'}`;
}

/** Through the registry's cache when it runs (Docker takes the 127.0.0.1 registry over HTTP), else from the registry. */
async function fetchIntoDocker(image: InventoryImage, name: string, prefix: string, docker: DockerOptions): Promise<string | undefined> {
  const cache = await inspectContainer(cacheName(prefix, image.ref.registry), docker);
  const address = cache?.running === true ? cache.ports[`${REGISTRY_PORT}/tcp`] : undefined;
  if (address !== undefined) {
    const via = `${address}/${image.ref.repository}${image.ref.digest === undefined ? `:${image.ref.tag ?? 'latest'}` : `@${image.ref.digest}`}`;
    const pulled = await pullImage(via, docker);
    if (pulled.ok) {
      await tagImage(via, name, docker);
      await removeImageTag(via, docker);
      return undefined;
    }
  }
  const direct = await pullImage(image.ref.original, docker);
  if (!direct.ok) return direct.reason;
  if (name !== image.ref.original) await tagImage(image.ref.original, name, docker);
  return undefined;
}
