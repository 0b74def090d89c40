/**
 * The kind release devnet uses, pinned with the sha256 of each official binary. Its default node
 * image (src/config/schema.ts) is built for this release, which is why devnet insists on the
 * version rather than a minimum.
 */

export interface KindRelease {
  /** Without the leading "v", as `kind version` prints it after "kind v". */
  version: string;
  /** sha256 of `kind-<os>-<arch>` by "<os>-<arch>"; a platform missing here is never downloaded. */
  sha256: Readonly<Record<string, string>>;
}

/**
 * kind v0.33.0. The GitHub release page (which publishes a `.sha256sum` beside each binary) could
 * not be reached from where this was written, so each digest comes from public files that pin and
 * verify the v0.33.0 release binaries, found by content in a code index that does not always name
 * their repository. All four values agree across every such file found: one with the header and
 * layout of kubernetes-sigs/cluster-api's hack/scripts/ensure/ensure-kind.sh at
 * MINIMUM_KIND_VERSION=v0.33.0 ("the sha256sum published alongside each release binary"), one
 * with cert-manager makefile-modules' tools makefile (kind_<os>_<arch>_SHA256SUM), a Nix
 * derivation fetching the four binaries, and install scripts of unrelated projects. linux-amd64
 * and darwin-arm64 appear in more than a dozen files, linux-arm64 and darwin-amd64 in more than six.
 */
export const KIND_RELEASE: KindRelease = {
  version: '0.33.0',
  sha256: {
    'linux-amd64': 'aee6151561422756b764a4ae28e7f44cda5af5a9eead3cc9985112b1de8d8e0d',
    'linux-arm64': '20022bee6cfcd5086cb7234d218e3454e6090022f2a8f55d1fa7fcf42c3867a2',
    'darwin-amd64': '5a99f26f57246dc9319dd294803313197a0f34d33c525b3ea8b655db5916ece0',
    'darwin-arm64': '0c8c7dbe5e23594a198b786c4bc13dacc101fa6196b0cb0b23a1ca44e61f4b4f',
  },
};

/** Where kind's releases are published; DEVNET_KIND_MIRROR replaces it with a copy of the same layout. */
export const KIND_RELEASES_URL = 'https://github.com/kubernetes-sigs/kind/releases/download';
export const KIND_MIRROR_ENV = 'DEVNET_KIND_MIRROR';

/** kind's name for this machine ("linux-amd64"), from Node's; undefined off the four platforms devnet downloads kind for. */
export function kindPlatform(os: string, arch: string): string | undefined {
  const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
  if ((os !== 'linux' && os !== 'darwin') || goArch[arch] === undefined) return undefined;
  return `${os}-${goArch[arch]}`;
}

/** The binary's URL: the official release, or the same path under a mirror. */
export function kindAssetUrl(release: KindRelease, platform: string, mirror?: string): string {
  const base = (mirror ?? KIND_RELEASES_URL).replace(/\/+$/, '');
  return `${base}/v${release.version}/kind-${platform}`;
}
