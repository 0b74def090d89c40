/**
 * kind, through the process runner: find, create and delete the named cluster, fetch its
 * kubeconfig, load local images. devnet keeps the cluster's kubeconfig in its own state directory
 * so the user's current kubectl context is left alone unless they ask (--use-context).
 */
import { stringify } from 'yaml';
import { EnvironmentError, ExternalCommandError } from '../errors/index.js';
import type { Runner } from '../contracts/runner.js';
import type { KindConfig } from '../render/kind-config.js';
import { parseCreateFailure, type KindCreateFailure } from './kind-failure.js';

export interface KindOptions {
  run: Runner;
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** The kind executable to run (kind-binary.ts decides which): a path, or "kind" from PATH. */
  binary: string;
}

export interface KindVersion {
  version: string;
  raw: string;
}

/** `kind version` prints "kind v<version> <go version> <os>/<arch>" (kind v0.33.0 pkg/cmd/kind/version/version.go DisplayVersion). */
export async function kindVersion(options: KindOptions): Promise<KindVersion> {
  const { stdout } = await options.run(options.binary, ['version'], { env: options.env, signal: options.signal, timeoutMs: 20_000 });
  const version = /^kind v(\S+)/.exec(stdout.trim())?.[1];
  if (version === undefined) throw new EnvironmentError(`Could not read the kind version from "${stdout.trim()}" (${options.binary} version).`, { hint: 'check that this program is kind: https://kind.sigs.k8s.io/' });
  return { version, raw: stdout.trim() };
}

export async function kindClusters(options: KindOptions): Promise<string[]> {
  const { stdout } = await options.run(options.binary, ['get', 'clusters'], { env: options.env, signal: options.signal });
  return stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('No kind clusters'));
}

/** kind could not create the cluster; with --retain its nodes are still there for `kind export logs`. */
export class KindCreateError extends EnvironmentError {
  constructor(
    readonly cluster: string,
    readonly failure: KindCreateFailure,
  ) {
    // kind wraps every creation error in "failed to create cluster" (pkg/cmd/kind/create/cluster/createcluster.go runE).
    super(`kind could not create cluster ${cluster}: ${failure.error.replace(/^failed to create cluster: /, '')}.`, { details: [...(failure.phase === undefined ? [] : [failure.phase]), ...failure.kubelet] });
  }
}

/**
 * --retain keeps the nodes when creation fails (kind v0.33.0 pkg/cmd/kind/create/cluster/createcluster.go,
 * the flag; pkg/cluster/internal/create/create.go:102-141, no delete when Retain), so the kubelet's
 * journal can still be read; deleting them is then up to devnet down --cluster.
 */
export async function createKindCluster(name: string, config: KindConfig, kubeconfig: string, options: KindOptions): Promise<void> {
  const args = ['create', 'cluster', '--name', name, '--config', '-', '--kubeconfig', kubeconfig, '--wait', '0s', '--retain'];
  const result = await options.run(options.binary, args, {
    input: stringify(config),
    env: options.env,
    signal: options.signal,
    timeoutMs: 10 * 60_000,
    allowFailure: true,
  });
  if (result.exitCode !== 0) throw new KindCreateError(name, parseCreateFailure(result.stderr));
}

export async function deleteKindCluster(name: string, kubeconfig: string, options: KindOptions): Promise<void> {
  await options.run(options.binary, ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], { env: options.env, signal: options.signal });
}

/** The kubeconfig of the cluster as the host reaches it. */
export async function kindKubeconfig(name: string, options: KindOptions): Promise<string> {
  try {
    const { stdout } = await options.run(options.binary, ['get', 'kubeconfig', '--name', name], { env: options.env, signal: options.signal });
    return stdout;
  } catch (error) {
    if (error instanceof ExternalCommandError) {
      throw new EnvironmentError(`kind could not give the kubeconfig of cluster "${name}".`, { hint: 'run devnet up to create it, or check kind get clusters', details: error.details });
    }
    throw error;
  }
}

/** Merges the cluster's context into the user's kubeconfig and makes it current (only when asked). */
export async function exportKindContext(name: string, options: KindOptions): Promise<void> {
  await options.run(options.binary, ['export', 'kubeconfig', '--name', name], { env: options.env, signal: options.signal });
}

/**
 * Loads images into every node in one `kind load docker-image`: kind saves them with one `docker
 * save`, so layers they share travel once, and imports the archive into the nodes concurrently
 * (kind v0.33.0 pkg/cmd/kind/load/docker-image/docker-image.go:180-193).
 */
export async function loadImages(name: string, images: readonly string[], options: KindOptions): Promise<void> {
  if (images.length === 0) return;
  await options.run(options.binary, ['load', 'docker-image', ...images, '--name', name], { env: options.env, signal: options.signal, timeoutMs: 10 * 60_000 });
}

/** The node containers of a cluster (kind get nodes prints one name a line: pkg/cmd/kind/get/nodes/nodes.go). */
export async function kindNodes(name: string, options: KindOptions): Promise<string[]> {
  const { stdout } = await options.run(options.binary, ['get', 'nodes', '--name', name], { env: options.env, signal: options.signal });
  return stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('No kind nodes'));
}

export function kindContext(name: string): string {
  return `kind-${name}`;
}

/**
 * `kind export logs DIR --name NAME`: node logs (journal, kubelet, containerd, /var/log with every
 * pod's logs), kind-version.txt and docker-info.txt under DIR, one directory per node
 * (kubernetes-sigs/kind v0.31.0 pkg/cmd/kind/export/logs/logs.go:86-95, pkg/cluster/provider.go:239-330).
 */
export async function exportKindLogs(name: string, dir: string, options: KindOptions): Promise<void> {
  await options.run(options.binary, ['export', 'logs', dir, '--name', name], { env: options.env, signal: options.signal, timeoutMs: 5 * 60_000 });
}
