// What the fake docker and the fake kind share, as one machine would: Docker's containers, networks,
// volumes and extra images in $FAKE_DOCKER_STATE, and each kind node's containerd image store.
// Registries: every image is published except those named *missing* (no registry has them);
// $FAKE_REGISTRIES_DOWN=1 makes every registry unreachable from the node (only caches answer).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const file = process.env.FAKE_DOCKER_STATE;

export function loadMachine() {
  const state = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { networks: {}, containers: {}, volumes: {}, images: [], removed: [], nodes: {}, nextPort: 40000, ...state };
}

export function saveMachine(state) {
  if (file) writeFileSync(file, JSON.stringify(state));
}

export function kindState() {
  const stateFile = process.env.FAKE_KIND_STATE;
  const state = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  return Array.isArray(state) ? { clusters: state, failed: [], mounts: {} } : { clusters: [], failed: [], mounts: {}, ...state };
}

/** The kind nodes that exist: `<cluster>-control-plane` for every cluster the fake kind made. */
export function kindNodes() {
  return kindState().clusters.map((c) => `${c}-control-plane`);
}

/** distribution/reference's split (normalize.go splitDockerDomain), as devnet's src/render/image-ref.ts does. */
export function parseRef(ref) {
  const at = ref.indexOf('@');
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  const name = colon >= 0 ? named.slice(0, colon) : named;
  const tag = colon >= 0 ? named.slice(colon + 1) : digest ? undefined : 'latest';
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let registry = 'docker.io';
  let repository = name;
  if (slash >= 0 && (first === 'localhost' || /[.:]/.test(first) || first !== first.toLowerCase())) {
    registry = first;
    repository = name.slice(slash + 1);
  }
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, tag, digest, normalised: `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` };
}

/**
 * The node's registry hosts for a registry, as containerd reads them: `<mount>/<registry>/hosts.toml`
 * of the host directory kind mounted at /etc/containerd/certs.d. Returns the mirror's container name.
 */
export function mirrorFor(node, registry) {
  const cluster = node.replace(/-control-plane$/, '');
  const mount = (kindState().mounts[cluster] ?? []).find((m) => m.containerPath === '/etc/containerd/certs.d');
  if (!mount) return undefined;
  const hosts = join(mount.hostPath, registry, 'hosts.toml');
  if (!existsSync(hosts)) return undefined;
  return /^\[host\."http:\/\/([^:"]+):\d+"\]/m.exec(readFileSync(hosts, 'utf8'))?.[1];
}

export const sha = (text) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
