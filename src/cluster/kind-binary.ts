/**
 * Which kind devnet runs. The kind on PATH when it is the pinned release; otherwise a copy of the
 * official release binary that devnet downloads once into its state directory, after checking it
 * against the sha256 pinned in kind-release.ts. So a machine with Docker alone can run devnet.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EnvironmentError, UserError } from '../errors/index.js';
import type { Runner } from '../contracts/runner.js';
import { downloadBytes } from '../system/download.js';
import { findOnPath, isFile, readBytes, rm, writeAtomic } from '../system/files.js';
import { stateDir } from '../system/paths.js';
import { kindVersion } from './kind.js';
import { KIND_MIRROR_ENV, KIND_RELEASE, kindAssetUrl, kindPlatform, type KindRelease } from './kind-release.js';

export interface KindBinaryOptions {
  run: Runner;
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** The pinned release. Tests give their own, with the digest of the binary their server serves. */
  release?: KindRelease;
  /** Node's names for this machine (process.platform, process.arch); tests give others. */
  host?: { os: string; arch: string };
}

export interface KindBinary {
  /** The executable to run. */
  path: string;
  version: string;
  origin: 'path' | 'download';
}

/** What this machine has of kind, found without downloading anything. */
export interface KindLookup {
  release: KindRelease;
  /** "linux-amd64"; undefined on a machine devnet does not download kind for. */
  platform: string | undefined;
  /** The kind on PATH, with the version it reports, or why it could not tell. */
  onPath: { path: string; version?: string; problem?: string } | undefined;
  /** Where devnet keeps its own copy, and what is there now. */
  cache: { path: string; state: 'verified' | 'absent' | 'mismatch' };
  /** The pinned digest for this platform; undefined when devnet has none, and then never downloads. */
  sha256: string | undefined;
  /** Where a download would come from (the mirror when one is set). */
  url: string | undefined;
  /** Why the mirror setting cannot be used, and its fix, when it cannot. */
  mirrorProblem: { problem: string; fix: string } | undefined;
  /** The official release URL, for messages that tell the user to install kind themselves. */
  officialUrl: string | undefined;
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function lookupKind(options: KindBinaryOptions): Promise<KindLookup> {
  const release = options.release ?? KIND_RELEASE;
  const host = options.host ?? { os: process.platform, arch: process.arch };
  const platform = kindPlatform(host.os, host.arch);
  const sha256 = platform === undefined ? undefined : release.sha256[platform];
  const cachePath = join(stateDir(options.env), 'bin', `kind-v${release.version}`);
  const mirrored = mirror(options.env, release);
  return {
    release,
    platform,
    onPath: await pathKind(options),
    cache: { path: cachePath, state: (await isFile(cachePath)) ? (sha256 !== undefined && digest(await readBytes(cachePath)) === sha256 ? 'verified' : 'mismatch') : 'absent' },
    sha256,
    url: platform === undefined || mirrored.problem !== undefined ? undefined : kindAssetUrl(release, platform, mirrored.url),
    mirrorProblem: mirrored.problem,
    officialUrl: platform === undefined ? undefined : kindAssetUrl(release, platform),
  };
}

/** The pinned kind from PATH or devnet's verified copy; downloads it when there is neither (up, which creates clusters). */
export async function ensureKind(options: KindBinaryOptions, note: (message: string) => void = () => {}): Promise<KindBinary> {
  const lookup = await lookupKind(options);
  const ready = pinned(lookup);
  if (ready !== undefined) return ready;
  if (lookup.onPath !== undefined) note(`${describePathKind(lookup.onPath)}, not kind ${lookup.release.version}, which devnet needs; using its own copy`);
  return fetchKind(lookup, options, note);
}

/**
 * For commands that only look at or remove clusters: the pinned kind when there is one, else
 * whatever kind is on PATH (listing and deleting clusters work across kind releases), else the
 * bare name, which fails with "not installed" when run. Never downloads.
 */
export async function locateKind(options: KindBinaryOptions): Promise<string> {
  const lookup = await lookupKind(options);
  return pinned(lookup)?.path ?? lookup.onPath?.path ?? 'kind';
}

export function describePathKind(onPath: NonNullable<KindLookup['onPath']>): string {
  return onPath.version === undefined ? `${onPath.path} did not say its version (${onPath.problem ?? 'no answer'})` : `kind ${onPath.version} on PATH (${onPath.path})`;
}

function pinned(lookup: KindLookup): KindBinary | undefined {
  const version = lookup.release.version;
  if (lookup.onPath?.version === version) return { path: lookup.onPath.path, version, origin: 'path' };
  if (lookup.cache.state === 'verified') return { path: lookup.cache.path, version, origin: 'download' };
  return undefined;
}

async function pathKind(options: KindBinaryOptions): Promise<KindLookup['onPath']> {
  const path = await findOnPath('kind', options.env);
  if (path === undefined) return undefined;
  try {
    return { path, version: (await kindVersion({ ...options, binary: path })).version };
  } catch (error) {
    return { path, problem: (error as Error).message };
  }
}

/** DEVNET_KIND_MIRROR: a copy of kind's release downloads in GitHub's layout, for networks that cannot reach GitHub. */
function mirror(env: KindBinaryOptions['env'], release: KindRelease): { url?: string; problem?: { problem: string; fix: string } } {
  const value = env[KIND_MIRROR_ENV];
  if (value === undefined || value === '') return {};
  if (/^https?:\/\/[^/]/.test(value)) return { url: value };
  return {
    problem: {
      problem: `${KIND_MIRROR_ENV} is "${value}", which is not an http(s) URL`,
      fix: `set it to the URL under which v${release.version}/kind-<os>-<arch> is served, as on GitHub's release downloads, or unset it`,
    },
  };
}

async function fetchKind(lookup: KindLookup, options: KindBinaryOptions, note: (message: string) => void): Promise<KindBinary> {
  const { release, platform, url, sha256 } = lookup;
  const install = `install kind v${release.version} yourself and put it on PATH`;
  if (lookup.mirrorProblem !== undefined) throw new UserError(`${lookup.mirrorProblem.problem}.`, { hint: lookup.mirrorProblem.fix });
  if (platform === undefined || url === undefined) {
    throw new EnvironmentError(`devnet downloads kind only for linux and macOS on amd64 or arm64, not for ${options.host?.os ?? process.platform}/${options.host?.arch ?? process.arch}.`, {
      hint: `${install}: go install sigs.k8s.io/kind@v${release.version}`,
    });
  }
  if (sha256 === undefined) {
    throw new EnvironmentError(`devnet knows no sha256 of kind v${release.version} for ${platform}, so it does not download it.`, {
      hint: `${install}: ${lookup.officialUrl ?? url} (check it against the .sha256sum beside it)`,
    });
  }
  const fromMirror = url !== lookup.officialUrl;
  note(`downloading kind v${release.version} for ${platform} from ${url}`);
  const bytes = await downloadBytes(url, {
    signal: options.signal,
    hint: fromMirror ? `check ${KIND_MIRROR_ENV} (${url}), or ${install}` : `check your network (or set ${KIND_MIRROR_ENV} to a mirror), or ${install}`,
  });
  const got = digest(bytes);
  if (got !== sha256) {
    throw new EnvironmentError(`The file at ${url} is not kind v${release.version} for ${platform}: its sha256 is ${got}, devnet expects ${sha256}. It was not kept.`, {
      hint: fromMirror
        ? `the mirror's copy differs from the release: replace it with ${lookup.officialUrl ?? 'the official binary'}, or ${install}`
        : `something between you and GitHub changed the file (a proxy?); ${install} from ${url} after checking it against the .sha256sum beside it`,
    });
  }
  await writeAtomic(lookup.cache.path, bytes, 0o755);
  // A digest that matches still has to run here: a pinned table for another platform would not.
  const version = await kindVersion({ ...options, binary: lookup.cache.path }).catch(async (error: unknown) => {
    await rm(lookup.cache.path, { force: true });
    throw error;
  });
  if (version.version !== release.version) {
    await rm(lookup.cache.path, { force: true });
    throw new EnvironmentError(`The kind downloaded from ${url} says it is ${version.version}, not ${release.version}; it was removed.`, { hint: install });
  }
  note(`kind v${release.version} checked (sha256 ${sha256.slice(0, 12)}…) and kept in ${lookup.cache.path}`);
  return { path: lookup.cache.path, version: release.version, origin: 'download' };
}
