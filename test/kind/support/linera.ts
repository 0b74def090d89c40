/** The real Linera client on the host, with the environment `devnet up` printed. */
import { execa } from 'execa';
import { join } from 'node:path';
import { inject } from 'vitest';
import './provided.js';

/** The `export NAME=value` lines of up's summary, as a user would paste them into a shell. */
export function clientEnv(summary: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of summary.matchAll(/^\s*export ([A-Z_]+)=(.*)$/gm)) env[match[1]!] = match[2]!.trim();
  return env;
}

export async function linera(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await execa(join(inject('lineraBin'), 'linera'), args, { env: { PATH: process.env.PATH ?? '', ...env }, extendEnv: false, timeout: 300_000 });
  return stdout;
}
