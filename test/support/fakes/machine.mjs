// What the fake docker and the fake kind share, as one machine would: Docker's containers, networks,
// volumes and extra images in $FAKE_DOCKER_STATE, and each kind node's containerd image store.
// Registries: every image is published except those named *missing* (no registry has them);
// $FAKE_REGISTRIES_DOWN=1 makes every registry unreachable from the node (only caches answer).
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const file = process.env.FAKE_DOCKER_STATE;

/** Writes the whole file or nothing: a fake reading it at the same moment never sees half of it. */
export function writeWhole(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

let held = false;

/**
 * Docker's daemon makes one change to its state at a time, whoever asks: devnet starts several
 * containers at once. A fake that reads the state takes this lock first and keeps it until it
 * exits, so two calls at once cannot lose each other's change. A holder that died leaves its lock
 * to be taken over.
 */
function lockMachine() {
  if (!file || held) return;
  const lock = `${file}.lock`;
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      held = true;
      process.on('exit', () => rmSync(lock, { force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    let age;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
      age = Date.now() - statSync(lock).mtimeMs;
    } catch (error) {
      // Released between the two calls: try again at once.
      if (error.code === 'ENOENT') continue;
      throw error;
    }
    // A holder writes its pid as it creates the lock: an empty lock is one being written, unless it has stayed empty.
    const stale = holder > 0 ? !alive(holder) : age > 2000;
    if (stale) rmSync(lock, { force: true });
    else if (Date.now() - started > 60_000) throw new Error(`fake docker: ${lock} held by process ${holder} for a minute`);
    else Atomics.wait(pause, 0, 0, 5);
  }
}

export function loadMachine() {
  lockMachine();
  const state = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { networks: {}, containers: {}, volumes: {}, images: [], removed: [], nodes: {}, nextPort: 40000, ...state };
}

export function saveMachine(state) {
  if (file) writeWhole(file, JSON.stringify(state));
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
