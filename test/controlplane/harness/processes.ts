/**
 * Starting and stopping the component processes. Each runs in its own process group (so a kill
 * reaches anything it forks) and is recorded in the state dir, so that a run which was SIGKILLed
 * can be cleaned up by the next start even though no handler of ours ever ran.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive } from '../../support/process-alive.js';

export interface ProcessRecord {
  name: string;
  pid: number;
  /** Absolute path of the executable, checked before killing so a reused PID is never hit. */
  exe: string;
}

export interface Component extends ProcessRecord {
  logPath: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

export function spawnComponent(name: string, exe: string, args: string[], logPath: string, env: NodeJS.ProcessEnv): Component {
  const fd = openSync(logPath, 'a');
  try {
    const child = spawn(exe, args, { env, stdio: ['ignore', fd, fd], detached: true });
    const exited = new Promise<number | string>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      child.once('error', () => resolve('spawn-error'));
    });
    if (child.pid === undefined) throw new Error(`could not start ${exe}`);
    return { name, pid: child.pid, exe, logPath, child, exited };
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM the process group, then SIGKILL it if it is still there after the grace period. */
export async function stopComponent(component: Component, graceMs: number): Promise<void> {
  if (component.child.exitCode !== null || component.child.signalCode !== null) return;
  signalGroup(component.pid, 'SIGTERM');
  const stopped = await Promise.race([component.exited.then(() => true), delay(graceMs).then(() => false)]);
  if (!stopped) {
    signalGroup(component.pid, 'SIGKILL');
    await component.exited;
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function writeRecords(file: string, records: ProcessRecord[]): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(records, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function readRecords(file: string): ProcessRecord[] {
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProcessRecord[];
  } catch {
    return [];
  }
}

/** Stops recorded processes of a dead run, newest first; returns the ones it found alive. */
export async function killRecorded(records: ProcessRecord[], graceMs: number): Promise<string[]> {
  const alive = records.filter((r) => isAlive(r.pid) && runs(r.pid, r.exe)).reverse();
  // One at a time, like stop(): an apiserver whose etcd vanished first hangs until SIGKILL.
  for (const record of alive) {
    signalGroup(record.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(record.pid) && Date.now() < deadline) await delay(50);
    if (isAlive(record.pid)) signalGroup(record.pid, 'SIGKILL');
  }
  return alive.map((r) => `${r.name} (pid ${r.pid})`);
}

function runs(pid: number, exe: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === exe;
  } catch {
    // No /proc (not Linux): trust the record rather than leak a control plane.
    return !existsSync('/proc');
  }
}

/** Resident memory of a process in bytes (Linux /proc), or 0 when it cannot be read. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
