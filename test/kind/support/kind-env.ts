/**
 * devnet as a user runs it on a machine with Docker: the real executable (bin/devnet.js) as a child
 * process, with kind v0.33.0 (built here) first on PATH and private state and cache directories.
 * Nothing is faked: docker is the machine's Docker Engine, kind creates real clusters.
 */
import './provided.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';
import { Kube } from '../../../src/kube/client.js';
import { ROOT } from '../../support/profiles.js';
import { clusterName } from './clusters.js';

const BIN = join(ROOT, 'bin', 'devnet.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KindEnv {
  home: string;
  cluster: string;
  env: Record<string, string>;
  devnet(args: string[], options?: { timeoutMs?: number }): Promise<RunResult>;
  /** The cluster's API, through the kubeconfig kind gives. */
  kube(): Promise<Kube>;
  kubeconfig(): Promise<string>;
  /** A command inside the kind node (crictl, pkill, iptables…). */
  node(args: string[]): Promise<RunResult>;
  kind(args: string[]): Promise<RunResult>;
  cleanup(): Promise<void>;
}

export function kindEnv(): KindEnv {
  const home = mkdtempSync(join(tmpdir(), 'devnet-kind-'));
  const cluster = clusterName();
  const tools = inject('kindToolsBin');
  const env = {
    PATH: [tools, process.env.PATH ?? ''].join(delimiter),
    DEVNET_STATE_DIR: join(home, 'state'),
    DEVNET_CACHE_DIR: join(home, 'cache'),
    NO_COLOR: '1',
    CI: '',
  };
  const exec = async (file: string, args: string[], timeoutMs = 900_000): Promise<RunResult> => {
    const result = await execa(file, args, { env, reject: false, timeout: timeoutMs, encoding: 'utf8', cwd: ROOT });
    return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  };
  const kubeconfig = async () => {
    const file = join(home, 'kubeconfig');
    const { stdout, code, stderr } = await exec(join(tools, 'kind'), ['get', 'kubeconfig', '--name', cluster]);
    if (code !== 0) throw new Error(`kind get kubeconfig failed: ${stderr}`);
    writeFileSync(file, stdout, { mode: 0o600 });
    return file;
  };
  return {
    home,
    cluster,
    env,
    devnet: (args, options = {}) => exec(process.execPath, [BIN, ...args], options.timeoutMs),
    kubeconfig,
    kube: async () => Kube.connect({ kubeconfig: await kubeconfig() }),
    node: (args) => exec('docker', ['exec', `${cluster}-control-plane`, ...args]),
    kind: (args) => exec(join(tools, 'kind'), args),
    cleanup: async () => {
      await exec(join(tools, 'kind'), ['delete', 'cluster', '--name', cluster]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
