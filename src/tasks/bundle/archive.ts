/**
 * The bundle's contents, kept in memory until written: bounded per file and in total, every text
 * scrubbed of the devnet's secret values, and every cut written down so the bundle says it.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Scrubber } from './redact.js';

export interface Limits {
  /** Bytes kept of any one file (its end: the newest lines). */
  perFile: number;
  /** Bytes of all files together, before compression. */
  total: number;
}

export const DEFAULT_LIMITS: Limits = { perFile: 2 * 2 ** 20, total: 64 * 2 ** 20 };

interface Entry {
  name: string;
  text: string;
}

export class Archive {
  private readonly entries: Entry[] = [];
  private size = 0;
  /** What was cut or left out, in words, for README.txt. */
  readonly cuts: string[] = [];
  /** What could not be collected, and why. */
  readonly gaps: string[] = [];

  constructor(
    readonly root: string,
    private readonly scrub: Scrubber,
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  add(name: string, text: string): void {
    let kept = this.scrub(text);
    const bytes = Buffer.byteLength(kept);
    if (bytes > this.limits.perFile) {
      kept = tailBytes(kept, this.limits.perFile);
      this.cuts.push(`${name}: kept the last ${this.limits.perFile} of ${bytes} bytes`);
    }
    const size = Buffer.byteLength(kept);
    if (this.size + size > this.limits.total) {
      this.cuts.push(`${name}: left out (${size} bytes), the bundle reached its ${this.limits.total}-byte limit`);
      return;
    }
    this.size += size;
    this.entries.push({ name, text: kept });
  }

  cut(note: string): void {
    this.cuts.push(note);
  }

  gap(what: string, error: unknown): void {
    this.gaps.push(`${what}: ${this.scrub(error instanceof Error ? error.message : String(error))}`);
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Writes <root>/… as a gzipped tar, readable only by the user. */
  async write(file: string): Promise<number> {
    // --out ci/artifacts/devnet.tar.gz in a fresh checkout: the directory is not there yet.
    await mkdir(dirname(file), { recursive: true });
    const tar = pack();
    const output = createWriteStream(file, { mode: 0o600 });
    const written = pipeline(tar, createGzip(), output);
    const mtime = new Date();
    for (const entry of this.entries) {
      await new Promise<void>((resolve, reject) => tar.entry({ name: `${this.root}/${entry.name}`, mode: 0o644, mtime }, entry.text, (error) => (error ? reject(error) : resolve())));
    }
    tar.finalize();
    await written;
    await chmod(file, 0o600);
    return this.size;
  }
}

/** The end of a text, starting at a line boundary where one is near. */
function tailBytes(text: string, bytes: number): string {
  const buffer = Buffer.from(text);
  const tail = buffer.subarray(buffer.length - bytes).toString('utf8');
  const newline = tail.indexOf('\n');
  return newline >= 0 && newline < 4096 ? tail.slice(newline + 1) : tail;
}
