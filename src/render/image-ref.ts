/**
 * Image references as containerd and Docker read them: which registry serves the image, under which
 * repository, by tag or by digest. Pure: devnet uses it to route each image to its registry cache
 * and to find it in a node's or a cache's store.
 */

/** A reference split the way github.com/distribution/reference v0.6.0 normalize.go splits one. */
export interface ImageRef {
  /** The reference as the profile or manifest wrote it. */
  original: string;
  /** The registry host (with its port), e.g. docker.io, quay.io, localhost:5000. */
  registry: string;
  /** The repository inside the registry, e.g. library/nginx, jetstack/cert-manager-webhook. */
  repository: string;
  tag?: string;
  digest?: string;
  /** registry/repository[:tag][@digest], the name containerd lists the image under. */
  normalised: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/**
 * The domain is the first path element when it is `localhost`, holds a "." or ":", or has an upper
 * case letter; otherwise the image is on Docker Hub (docker.io), where a one-element name gets the
 * `library/` prefix and `index.docker.io` means docker.io (normalize.go splitDockerDomain). With
 * neither tag nor digest the tag is `latest` (normalize.go defaultTag, TagNameOnly).
 */
export function parseImageRef(original: string): ImageRef {
  const at = original.indexOf('@');
  const digest = at >= 0 ? original.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) throw new Error(`${original}: "${digest}" is not a digest`);
  const named = at >= 0 ? original.slice(0, at) : original;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? named.slice(0, colon) : named;
  const tag = colon >= 0 ? named.slice(colon + 1) : digest === undefined ? 'latest' : undefined;
  if (name === '' || tag === '') throw new Error(`${original} is not an image reference`);
  const { registry, repository } = splitDomain(name);
  const normalised = `${registry}/${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  return { original, registry, repository, normalised, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

function splitDomain(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { registry: 'docker.io', repository: `library/${name}` };
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let registry = 'docker.io';
  let repository = name;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    registry = first === 'index.docker.io' ? 'docker.io' : first;
    repository = rest;
  }
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

/** Whether the reference names its content by digest, so every pull gets the same bytes. */
export function isPinned(ref: ImageRef): boolean {
  return ref.digest !== undefined;
}
