import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where built binaries live: outside the clone, so every checkout on the machine shares them. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'devnet', 'controlplane');
}

/** Parent of every control plane's state: per-run directories, the standalone one, kept logs. */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'devnet', 'controlplane');
}

/** Per-run state directories live here; a run whose owner died is cleaned up by the next start. */
export function runsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateRoot(env), 'runs');
}

/** The well-known state directory of `cli.ts up`. */
export function standaloneStateDir(env?: NodeJS.ProcessEnv): string {
  return join(stateRoot(env), 'standalone');
}

/** Component logs of failed runs are copied here so that removing the state dir loses nothing. */
export function keptLogsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateRoot(env), 'failed-runs');
}

/** Files inside one control plane's state directory. */
export function stateFiles(stateDir: string) {
  return {
    pki: join(stateDir, 'pki'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    logs: join(stateDir, 'logs'),
    podLogs: join(stateDir, 'podlogs'),
    etcdData: join(stateDir, 'etcd'),
    kwokConfig: join(stateDir, 'kwok.yaml'),
    kwokHome: join(stateDir, 'kwok-home'),
    processes: join(stateDir, 'processes.json'),
    owner: join(stateDir, 'owner.pid'),
    info: join(stateDir, 'control-plane.json'),
  };
}
