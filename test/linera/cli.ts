/**
 * `npm run linera:build`: build (or find in the cache) the real Linera binaries the real-Linera tier
 * runs, printing progress and the time it took, then the directory that holds them.
 */
import { ensureLinera } from './build.js';
import { formatDuration } from '../support/format-duration.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

ensureLinera(say).then(
  (result) => {
    say(result.built ? `Built in ${formatDuration(result.durationMs)}.` : `Linera binaries are cached (key ${result.key}).`);
    process.stdout.write(`${result.binDir}\n`);
  },
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
