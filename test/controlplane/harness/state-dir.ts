/**
 * Ownership of state directories. Each holds the PID of the process that owns it and the PIDs
 * of the components it started; a directory whose owner is gone belongs to a run that was killed,
 * so its leftover processes are stopped and the directory is removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ControlPlaneError } from './errors.js';
import { runsDir, stateFiles } from './paths.js';
import { isAlive } from '../../support/process-alive.js';
import { killRecorded, readRecords } from './processes.js';

export function ownerOf(stateDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(stateFiles(stateDir).owner, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops what a dead run left behind and removes its state; returns what it had to stop. */
export async function reclaim(stateDir: string): Promise<string[]> {
  const killed = await killRecorded(readRecords(stateFiles(stateDir).processes), 5000);
  await rm(stateDir, { recursive: true, force: true });
  return killed;
}

/** Reclaims every run directory whose owner process no longer exists. */
export async function reclaimAbandonedRuns(onProgress: (message: string) => void): Promise<void> {
  const root = runsDir();
  if (!existsSync(root)) return;
  for (const entry of await readdir(root)) {
    const dir = join(root, entry);
    // A run that is just starting may not have written owner.pid yet; its name ends in its PID.
    const owner = ownerOf(dir) ?? Number(/-(\d+)$/.exec(entry)?.[1] ?? 0);
    if (owner > 0 && isAlive(owner)) continue;
    const killed = await reclaim(dir);
    if (killed.length > 0) onProgress(`Stopped leftovers of an interrupted run (${dir}): ${killed.join(', ')}`);
  }
}

/** Makes `stateDir` ours, refusing one that a live process still owns. */
export async function claimStateDir(stateDir: string, onProgress: (message: string) => void): Promise<void> {
  const owner = ownerOf(stateDir);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new ControlPlaneError(`The control plane state directory ${stateDir} is in use by process ${owner}.`, {
      hint: 'Stop that control plane first, or pass a different stateDir.',
    });
  }
  if (existsSync(stateDir)) {
    const killed = await reclaim(stateDir);
    if (killed.length > 0) onProgress(`Stopped leftovers of an interrupted run (${stateDir}): ${killed.join(', ')}`);
  }
  const files = stateFiles(stateDir);
  // Retried once: a run that stops at this moment removes the (then empty) parent directory.
  await mkdir(stateDir, { recursive: true }).catch(() => mkdir(stateDir, { recursive: true }));
  await writeFile(files.owner, String(process.pid));
  for (const dir of [files.logs, files.podLogs, files.kwokHome]) await mkdir(dir, { recursive: true });
}
