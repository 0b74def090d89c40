/**
 * The tier's kind clusters are named `kt-<pid>-<id>`: a cluster whose process is gone was left by a
 * killed run, and is removed so its containers and host ports do not outlive it.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isAlive } from '../../support/process-alive.js';

const PREFIX = 'kt-';

export function clusterName(): string {
  return `${PREFIX}${process.pid}-${randomBytes(2).toString('hex')}`;
}

export async function removeAbandonedClusters(toolsBin: string): Promise<string[]> {
  const kind = join(toolsBin, 'kind');
  const { stdout } = await execa(kind, ['get', 'clusters']);
  const abandoned = stdout.split('\n').filter((name) => name.startsWith(PREFIX) && !isAlive(Number(name.split('-')[1])));
  for (const name of abandoned) await execa(kind, ['delete', 'cluster', '--name', name]);
  return abandoned;
}
