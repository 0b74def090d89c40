/**
 * Pod addresses on this machine: every pod the real-Linera tier runs gets a network namespace of its
 * own, with one address on a bridge that plays the cluster network, and /etc/hosts entries for the
 * cluster DNS names the rendered configs use (`shards-0.shards.<ns>.svc.cluster.local`…): in the
 * cluster every shard and proxy binds the same ports on its own pod address, and so they do here.
 * Needs root (ip netns, mount, chroot). Everything is named after a short run id and removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each run records its pid here, so the next run can take down what a killed one left. */
const RUNS = '/run/devnet-real-linera';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

export interface PodNetwork {
  /** The bridge's own address: the "node" address, where the host's side of the network answers. */
  gateway: string;
  subnet: string;
  add(pod: string, names: string[]): PodAddress;
  /** Writes every namespace's hosts file; call after the last add. */
  publishHosts(extra?: Record<string, string>): void;
  close(): void;
}

export interface PodAddress {
  pod: string;
  netns: string;
  address: string;
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('The real-Linera tier gives each pod its own network namespace and root filesystem, which needs root. Run the tests as root (CI does).');
  }
}

/** Namespaces, their processes, bridges and hosts files of runs whose process is gone. */
export function reapAbandoned(): string[] {
  if (!existsSync(RUNS)) return [];
  const reaped: string[] = [];
  for (const runId of readdirSync(RUNS)) {
    const pid = Number(readFileSync(join(RUNS, runId), 'utf8'));
    if (alive(pid)) continue;
    const namespaces = ip('netns', 'list').toString().split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(`dvn${runId}p`));
    for (const netns of namespaces) {
      for (const p of ip('netns', 'pids', netns).toString().split('\n').filter(Boolean)) kill(Number(p));
      tryIp('netns', 'del', netns);
      rmSync(join('/etc/netns', netns), { recursive: true, force: true });
    }
    tryIp('link', 'del', `dvb${runId}`);
    rmSync(join(RUNS, runId), { force: true });
    reaped.push(runId);
  }
  return reaped;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // Already gone.
  }
}

export function podNetwork(runId: string): PodNetwork {
  requireRoot();
  mkdirSync(RUNS, { recursive: true });
  writeFileSync(join(RUNS, runId), String(process.pid));
  const third = 100 + (Number.parseInt(runId, 16) % 150);
  const subnet = `10.213.${third}`;
  const bridge = `dvb${runId}`;
  const gateway = `${subnet}.1`;
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `${gateway}/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  const pods: (PodAddress & { names: string[] })[] = [];
  return {
    gateway,
    subnet: `${subnet}.0/24`,
    add(pod, names) {
      const n = pods.length + 2;
      const netns = `dvn${runId}p${n}`;
      const host = `dvh${runId}p${n}`;
      const address = `${subnet}.${n}`;
      ip('netns', 'add', netns);
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
      ip('link', 'set', host, 'master', bridge, 'up');
      ip('-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', netns, 'link', 'set', 'eth0', 'up');
      ip('-n', netns, 'link', 'set', 'lo', 'up');
      ip('-n', netns, 'route', 'add', 'default', 'via', gateway);
      const entry = { pod, netns, address, names };
      pods.push(entry);
      return entry;
    },
    publishHosts(extra = {}) {
      const lines = ['127.0.0.1 localhost', ...pods.map((p) => `${p.address} ${p.names.join(' ')}`), ...Object.entries(extra).map(([name, address]) => `${address} ${name}`)];
      for (const p of pods) {
        // `ip netns exec` bind-mounts /etc/netns/<name>/hosts over /etc/hosts for what it runs.
        mkdirSync(join('/etc/netns', p.netns), { recursive: true });
        writeFileSync(join('/etc/netns', p.netns, 'hosts'), `${lines.join('\n')}\n`);
      }
    },
    close() {
      for (const p of pods) {
        for (const pid of ip('netns', 'pids', p.netns).toString().split('\n').filter(Boolean)) kill(Number(pid));
        tryIp('netns', 'del', p.netns);
        rmSync(join('/etc/netns', p.netns), { recursive: true, force: true });
      }
      tryIp('link', 'del', bridge);
      rmSync(join(RUNS, runId), { force: true });
    },
  };
}
