/** The pause program (node/pause.c), linked statically: the sandbox image holds nothing else it needs. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { run } from './run.js';

const SOURCE = fileURLToPath(new URL('../node/pause.c', import.meta.url));

export async function buildPause(): Promise<string> {
  const key = contentKey(await readFile(SOURCE, 'utf8'));
  const { dir } = await cachedDir(join(kindCacheRoot(), `pause-${key}`), (into) => run('cc', ['-static', '-O2', '-o', join(into, 'pause'), SOURCE]).then(() => undefined));
  return join(dir, 'pause');
}
