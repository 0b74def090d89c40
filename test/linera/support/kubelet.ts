/**
 * A tiny kubelet for the real-Linera tier: it takes a Pod as the API server holds it (KWOK only plays
 * its status), and runs its containers natively, as a kubelet would: volumes made from the
 * ConfigMaps, Secrets and claims the pod names, mounted at the paths the pod says; the environment
 * the pod says, with the downward API filled in; the image's root played by a directory holding the
 * real Linera binaries at /, as in Linera's images; init containers first, in order; the container's
 * command exactly as rendered, run by the image's /bin/sh in a chroot inside the pod's own network
 * namespace. Only the storage address is rewritten (see `rewrite`): ScyllaDB cannot run here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kube } from '../../../src/kube/client.js';
import type { Json } from '../../support/objects.js';
import type { PodAddress } from './netns.js';

export interface KubeletOptions {
  kube: Kube;
  /** Directory whose files play the image's root: the Linera binaries. */
  binDir: string;
  /** The address the downward API gives as status.hostIP. */
  nodeAddress: string;
  /** Scratch space for volumes, root filesystems and logs. */
  workDir: string;
  /** Applied to container commands and ConfigMap contents: the storage address, and only that. */
  rewrite: (text: string) => string;
}

export interface RunningPod {
  name: string;
  logs: Record<string, string>;
  stop(): Promise<void>;
  /** Resolves with the exit code of a pod whose restartPolicy lets it finish (a Job's). */
  finished: Promise<number>;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export async function runPod(pod: Json, network: PodAddress, options: KubeletOptions): Promise<RunningPod> {
  const name = pod.metadata.name as string;
  const dir = join(options.workDir, name);
  const volumes = await materialiseVolumes(pod, join(dir, 'volumes'), options);
  const root = join(dir, 'root');
  mkdirSync(root, { recursive: true });
  const logs: Record<string, string> = {};
  const children = new Set<ChildProcess>();
  let stopped = false;

  const start = async (container: Json): Promise<number> => {
    const env = await containerEnv(pod, container, network, options);
    const mounts = (container.volumeMounts ?? []).map((m: Json) => ({ path: m.mountPath as string, source: volumes.get(m.name) ?? '' }));
    const command = [...(container.command ?? []), ...(container.args ?? [])].map(options.rewrite);
    const log = (logs[container.name] = join(dir, `${container.name}.log`));
    const child = spawn('ip', ['netns', 'exec', network.netns, 'unshare', '--mount', '--', '/bin/sh', '-c', setupScript(root, mounts, options.binDir), 'pod', ...command], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    const out = createWriteStream(log, { flags: 'a' });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    const code = await new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
    children.delete(child);
    return code;
  };

  for (const init of pod.spec.initContainers ?? []) {
    const code = await start(init);
    if (code !== 0) throw new Error(`init container ${init.name} of ${name} exited ${code}; see ${logs[init.name]}`);
  }
  const main = pod.spec.containers[0] as Json;
  const policy = (pod.spec.restartPolicy as string | undefined) ?? 'Always';
  const finished = (async () => {
    for (let restarts = 0; ; restarts++) {
      const code = await start(main);
      if (stopped || policy === 'Never' || (policy === 'OnFailure' && code === 0) || restarts >= 20) return code;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    name,
    logs,
    finished,
    stop: async () => {
      stopped = true;
      for (const child of children) {
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      await finished.catch(() => undefined);
    },
  };
}

/**
 * In the pod's own mount namespace: the host's system directories as the image's base (Linera's
 * images are Debian bookworm-slim; only libc, libssl and libunwind are used), the binaries at /,
 * a private /tmp, the pod's volumes at their paths; then chroot and run the command from /.
 */
function setupScript(root: string, mounts: { path: string; source: string }[], binDir: string): string {
  const lines = ['set -e', `R='${root}'`];
  for (const base of ['usr', 'lib', 'lib64', 'bin', 'sbin', 'etc', 'proc', 'dev', 'sys']) {
    const host = `/${base}`;
    if (!existsSync(host)) continue;
    if (lstatSync(host).isSymbolicLink()) lines.push(`[ -L "$R${host}" ] || ln -s '${readlinkSync(host)}' "$R${host}"`);
    else lines.push(`mkdir -p "$R${host}"`, `mount --rbind ${host} "$R${host}"`);
  }
  lines.push('mkdir -p "$R/tmp"', 'mount -t tmpfs tmpfs "$R/tmp"');
  for (const binary of ['linera', 'linera-server', 'linera-proxy', 'linera-exporter']) {
    lines.push(`touch "$R/${binary}"`, `mount --bind '${join(binDir, binary)}' "$R/${binary}"`);
  }
  for (const mount of mounts) lines.push(`mkdir -p "$R${mount.path}"`, `mount --bind '${mount.source}' "$R${mount.path}"`);
  lines.push('cd "$R"', 'exec chroot "$R" /bin/sh -c \'cd / && exec "$@"\' pod "$@"');
  return lines.join('\n');
}

async function materialiseVolumes(pod: Json, dir: string, options: KubeletOptions): Promise<Map<string, string>> {
  const namespace = pod.metadata.namespace as string;
  const paths = new Map<string, string>();
  for (const volume of pod.spec.volumes ?? []) {
    const target = join(dir, volume.name);
    mkdirSync(target, { recursive: true });
    paths.set(volume.name, target);
    const sources: Json[] = volume.projected?.sources ?? [volume.configMap ? { configMap: volume.configMap } : undefined, volume.secret ? { secret: { ...volume.secret, name: volume.secret.secretName } } : undefined].filter(Boolean);
    for (const source of sources) {
      const ref = source.configMap ?? source.secret;
      // A service account token or downward API file: nothing of devnet's reads them.
      if (ref === undefined) continue;
      const isSecret = source.secret !== undefined;
      const object = await options.kube.get<Json>('v1', isSecret ? 'Secret' : 'ConfigMap', namespace, ref.name);
      if (object === undefined) throw new Error(`${name(pod)}: volume ${volume.name} needs ${isSecret ? 'Secret' : 'ConfigMap'} ${namespace}/${ref.name}, which does not exist`);
      const data: Record<string, string> = isSecret
        ? Object.fromEntries(Object.entries(object.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]))
        : Object.fromEntries(Object.entries(object.data ?? {}).map(([k, v]) => [k, options.rewrite(String(v))]));
      const items: { key: string; path: string }[] = ref.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) {
        const value = data[item.key];
        if (value === undefined) throw new Error(`${name(pod)}: key ${item.key} is missing from ${ref.name}`);
        writeFileSync(join(target, item.path), value, { mode: isSecret ? 0o400 : 0o644 });
      }
    }
  }
  return paths;
}

async function containerEnv(pod: Json, container: Json, network: PodAddress, options: KubeletOptions): Promise<Record<string, string>> {
  const env: Record<string, string> = { PATH, HOME: '/root', HOSTNAME: pod.metadata.name };
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) env[entry.name] = entry.value;
    const field = entry.valueFrom?.fieldRef?.fieldPath as string | undefined;
    if (field !== undefined) env[entry.name] = fieldValue(pod, field, network, options);
    const ref = entry.valueFrom?.configMapKeyRef ?? entry.valueFrom?.secretKeyRef;
    if (ref !== undefined) {
      const isSecret = entry.valueFrom.secretKeyRef !== undefined;
      const object = await options.kube.get<Json>('v1', isSecret ? 'Secret' : 'ConfigMap', pod.metadata.namespace, ref.name);
      const raw = object?.data?.[ref.key];
      if (raw !== undefined) env[entry.name] = isSecret ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      else if (ref.optional !== true) throw new Error(`${name(pod)}: env ${entry.name} needs ${ref.name}/${ref.key}`);
    }
  }
  return env;
}

function fieldValue(pod: Json, field: string, network: PodAddress, options: KubeletOptions): string {
  const label = /^metadata\.labels\['(.+)'\]$/.exec(field)?.[1];
  if (label !== undefined) return pod.metadata.labels?.[label] ?? '';
  const values: Record<string, string> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'status.podIP': network.address,
    'status.hostIP': options.nodeAddress,
  };
  if (values[field] === undefined) throw new Error(`${name(pod)}: the tier's kubelet does not know the downward API field ${field}`);
  return values[field];
}

const name = (pod: Json) => `${pod.metadata.namespace}/${pod.metadata.name}`;
