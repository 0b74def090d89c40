/**
 * One kind tier at a time on a machine: two runs (two checkouts, or a run and a bench) would fight
 * over host ports and both cores. The lock is a directory holding the owner's pid; a lock whose
 * owner is dead is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { kindCacheRoot } from '../build/cache.js';
import { isAlive } from '../../support/process-alive.js';

const LOCK = () => join(kindCacheRoot(), 'tier.lock');

export async function acquireTierLock(say: (message: string) => void): Promise<() => void> {
  mkdirSync(kindCacheRoot(), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK());
      writeFileSync(join(LOCK(), 'pid'), String(process.pid));
      return () => rmSync(LOCK(), { recursive: true, force: true });
    } catch {
      const owner = Number(readPid());
      if (!Number.isFinite(owner) || owner === 0 || !isAlive(owner)) {
        rmSync(LOCK(), { recursive: true, force: true });
        continue;
      }
      if (!told) say(`waiting for the kind tier of process ${owner} to finish (${LOCK()})`);
      told = true;
      await delay(2000);
    }
  }
}

function readPid(): string {
  try {
    return readFileSync(join(LOCK(), 'pid'), 'utf8');
  } catch {
    return '';
  }
}
