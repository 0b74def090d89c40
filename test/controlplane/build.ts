/**
 * Builds the control plane binaries from the two Go modules next to this file and caches them
 * outside the clone under a key of everything that affects the output, so a second run (or a
 * second checkout on the same machine) does no `go build` at all.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlPlaneError } from './harness/errors.js';
import { GO_ENV, goVersion } from './harness/go.js';
import { cacheRoot } from './harness/paths.js';
import { isAlive } from '../support/process-alive.js';
import { formatDuration } from '../support/format-duration.js';

export const KUBERNETES_VERSION = 'v1.37.0';
/**
 * kubelet, kubeadm and kube-proxy are not used by this tier: the kind tier's node image takes them
 * from here, so one Kubernetes version is compiled once for both (test/kind/README.md).
 */
export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'kubelet', 'kubeadm', 'kube-proxy'] as const;
export type BinaryName = (typeof BINARIES)[number];

export const MODULES = {
  k8s: fileURLToPath(new URL('./k8s', import.meta.url)),
  etcd: fileURLToPath(new URL('./etcd', import.meta.url)),
};

const versionLdflags = [
  `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
  '-X k8s.io/component-base/version.gitMajor=1',
  '-X k8s.io/component-base/version.gitMinor=37',
  '-X k8s.io/component-base/version.gitTreeState=clean',
].join(' ');

/** One `go build` per module: the k8s module also builds kwok so both share compiled k8s.io packages. */
const STEPS = [
  {
    module: 'k8s' as const,
    args: ['-trimpath', '-tags=selinux,notest,grpcnotrace', '-ldflags', `-s -w ${versionLdflags}`],
    packages: [
      'k8s.io/kubernetes/cmd/kube-apiserver',
      'k8s.io/kubernetes/cmd/kube-controller-manager',
      'k8s.io/kubernetes/cmd/kube-scheduler',
      'k8s.io/kubernetes/cmd/kubectl',
      'k8s.io/kubernetes/cmd/kubelet',
      'k8s.io/kubernetes/cmd/kubeadm',
      'k8s.io/kubernetes/cmd/kube-proxy',
      'sigs.k8s.io/kwok/cmd/kwok',
    ],
    output: (bin: string) => `${bin}/`,
  },
  {
    module: 'etcd' as const,
    args: ['-trimpath', '-ldflags', '-s -w'],
    packages: ['go.etcd.io/etcd/server/v3'],
    // The package is the module root, so `-o dir/` would name the binary "v3"/"server".
    output: (bin: string) => join(bin, 'etcd'),
  },
];

export interface BuildOptions {
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
  /** Print a "still building" line this often. */
  progressIntervalMs?: number;
}

export interface BuildResult {
  binDir: string;
  key: string;
  /** False when the binaries came from the cache. */
  built: boolean;
  durationMs: number;
}

/** sha256 over both modules' go.mod+go.sum, the Go version and the build steps. */
export async function cacheKey(goVersionLine: string): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [MODULES.k8s, MODULES.etcd]) {
    for (const file of ['go.mod', 'go.sum']) hash.update(`${file}\0`).update(await readFile(join(dir, file)));
  }
  hash.update(goVersionLine).update(JSON.stringify({ GO_ENV, STEPS: STEPS.map((s) => [s.args, s.packages]) }));
  return hash.digest('hex').slice(0, 24);
}

/** Returns the cached binaries, building them first when the cache has none for this key. */
export async function ensureBinaries(options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const key = await cacheKey(await goVersion());
  const finalDir = join(cacheRoot(), key);
  const binDir = join(finalDir, 'bin');
  if (BINARIES.every((name) => existsSync(join(binDir, name)))) {
    return { binDir, key, built: false, durationMs: Date.now() - started };
  }
  await removeAbandonedBuilds();
  const tempDir = join(cacheRoot(), `.building-${key}-${process.pid}`);
  await rm(tempDir, { recursive: true, force: true });
  await mkdir(join(tempDir, 'bin'), { recursive: true });
  try {
    progress(`Building the control plane (Kubernetes ${KUBERNETES_VERSION}, etcd, KWOK) into ${finalDir}`);
    progress('With an empty Go build cache this takes about 10 minutes on 2 cores; later runs reuse the result.');
    for (const step of STEPS) await runStep(step, join(tempDir, 'bin'), options);
    await publish(tempDir, finalDir);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  const durationMs = Date.now() - started;
  progress(`Control plane built in ${formatDuration(durationMs)}.`);
  return { binDir, key, built: true, durationMs };
}

/** Rename is atomic: the key directory either holds every binary or does not exist. */
async function publish(tempDir: string, finalDir: string): Promise<void> {
  try {
    await rename(tempDir, finalDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process finished the same build first; its result is as good as ours.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}

/** Temp dirs of builds that were SIGKILLed would otherwise pile up (a few hundred MB each). */
async function removeAbandonedBuilds(): Promise<void> {
  const root = cacheRoot();
  const entries = existsSync(root) ? await readdir(root) : [];
  for (const entry of entries) {
    const pid = /^\.building-[0-9a-f]+-(\d+)$/.exec(entry)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) await rm(join(root, entry), { recursive: true, force: true });
  }
}

async function runStep(step: (typeof STEPS)[number], binDir: string, options: BuildOptions): Promise<void> {
  const progress = options.onProgress ?? (() => {});
  const names = step.packages.map((p) => (p.startsWith('go.etcd.io') ? 'etcd' : p.split('/').pop())).join(', ');
  const args = ['build', '-v', ...step.args, '-o', step.output(binDir), ...step.packages];
  const started = Date.now();
  progress(`go ${args.join(' ')}  (in ${MODULES[step.module]})`);
  const child = spawn('go', args, {
    cwd: MODULES[step.module],
    env: { ...process.env, ...GO_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let compiled = 0;
  const problems: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      // With -v, go prints one package path per line; anything else is a diagnostic.
      if (/^[\w.\-/]+$/.test(line)) compiled += 1;
      else problems.push(line);
    }
  });
  const timer = setInterval(() => {
    progress(`  building ${names}: ${compiled} packages compiled, ${formatDuration(Date.now() - started)} elapsed`);
  }, options.progressIntervalMs ?? 20_000);
  const abort = () => killGroup(child.pid);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (options.signal?.aborted) throw new ControlPlaneError('The control plane build was interrupted.');
    if (code !== 0) {
      throw new ControlPlaneError(`\`go ${args.join(' ')}\` failed in ${MODULES[step.module]}:\n${problems.slice(-40).join('\n')}`, {
        hint: 'Run the command above in that directory to see the whole output.',
      });
    }
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', abort);
  }
  progress(`  built ${names} in ${formatDuration(Date.now() - started)}`);
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
