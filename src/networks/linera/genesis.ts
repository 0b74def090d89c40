/**
 * Linera keys and genesis come from Linera's own tools, run inside the Linera image with Docker:
 * `linera-server generate` writes each validator's server config (with its signing key) and the
 * committee; `linera create-genesis-config` writes genesis and the admin wallet. The script and its
 * inputs go in on stdin and the files come back on stdout, so nothing secret touches the host disk.
 */
import { createHash } from 'node:crypto';
import { ExternalCommandError } from '../../errors/index.js';
import type { Runner } from '../../contracts/runner.js';
import { materialOf, type Material, type MaterialEntry } from '../material.js';
import type { MaterialRequest } from '../topology.js';

export type LineraRequest = Extract<MaterialRequest, { kind: 'linera' }>;

export interface LineraToolsOptions {
  image: string;
  binaries: { server: string; client: string };
  seed?: string | undefined;
  run: Runner;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
}

const FILE_MARK = 'devnet-file';

/** Linera's --testing-prng-seed takes a u64: numeric seeds are used as they are, others hashed. */
export function prngSeed(seed: string): string {
  if (/^\d{1,19}$/.test(seed) && BigInt(seed) < 2n ** 64n) return seed;
  return BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`).toString();
}

function binary(path: string): string {
  return path.startsWith('./') ? `"$bin/${path.slice(2)}"` : path;
}

export function outputFiles(request: LineraRequest): { file: string; material: string; secret: boolean }[] {
  return [
    ...request.validators.map((v) => ({ file: `server_${v.index}.json`, material: `validator-${v.index}/server.json`, secret: true })),
    { file: 'committee.json', material: 'committee.json', secret: false },
    { file: 'genesis.json', material: 'genesis.json', secret: false },
    { file: 'wallet.json', material: 'wallet.json', secret: true },
    { file: 'keystore.json', material: 'keystore.json', secret: true },
  ];
}

export function genesisScript(request: LineraRequest, options: Pick<LineraToolsOptions, 'binaries' | 'seed'>): string {
  const seedFlag = options.seed === undefined ? '' : ` --testing-prng-seed ${prngSeed(options.seed)}`;
  const g = request.genesis;
  const lines = [
    'set -eu',
    'bin=$(pwd)',
    'work=$(mktemp -d)',
    'cd "$work"',
    ...request.validators.flatMap((v) => [`cat > validator_${v.index}.toml <<'DEVNET_EOF'`, v.optionsToml.trimEnd(), 'DEVNET_EOF']),
    `${binary(options.binaries.server)} generate${seedFlag} --validators ${request.validators.map((v) => `validator_${v.index}.toml`).join(' ')} --committee committee.json >&2`,
    `${binary(options.binaries.client)} --wallet wallet.json --keystore keystore.json --storage "rocksdb:$work/client.db" create-genesis-config ${g.otherInitialChains}` +
      ` --committee committee.json --genesis genesis.json --initial-funding ${g.initialFunding} --policy-config ${g.policy}` +
      ` --network-name '${g.networkName.replace(/'/g, '')}'${seedFlag} >&2`,
    `for f in ${outputFiles(request).map((f) => f.file).join(' ')}; do`,
    `  printf '${FILE_MARK} %s ' "$f"; base64 < "$f" | tr -d '\\n'; printf '\\n'`,
    'done',
    'cd / && rm -rf "$work"',
  ];
  return `${lines.join('\n')}\n`;
}

export function parseGenesisOutput(stdout: string, request: LineraRequest): Record<string, MaterialEntry> {
  const files = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^${FILE_MARK} (\\S+) (\\S*)$`).exec(line.trim());
    if (match?.[1] !== undefined) files.set(match[1], Buffer.from(match[2] ?? '', 'base64').toString('utf8'));
  }
  const entries: Record<string, MaterialEntry> = {};
  for (const expected of outputFiles(request)) {
    const text = files.get(expected.file);
    if (text === undefined || text === '') throw new Error(`the Linera tools did not produce ${expected.file}`);
    entries[expected.material] = { text, secret: expected.secret };
  }
  return entries;
}

export async function generateWithLineraTools(request: LineraRequest, options: LineraToolsOptions): Promise<Material> {
  const script = genesisScript(request, options);
  const args = ['run', '--rm', '-i', '--network', 'none', '--entrypoint', '/bin/sh', options.image, '-s'];
  const result = await options.run('docker', args, {
    input: script,
    signal: options.signal,
    timeoutMs: 15 * 60_000,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  try {
    return materialOf('linera-tools', parseGenesisOutput(result.stdout, request), options.seed);
  } catch (error) {
    throw new ExternalCommandError(`Linera's genesis tools ran but ${(error as Error).message}.`, `docker ${args.join(' ')}`, {
      hint: `check that ${options.image} contains linera-server and linera at the paths in linera.binaries`,
      details: result.stderr.trim().split('\n').slice(-8),
    });
  }
}

/** Stand-in material for rendering without Docker: valid shapes, no keys, clearly marked. */
export function lineraPlaceholders(request: LineraRequest): Material {
  const note = 'PLACEHOLDER: devnet up generates the real file with linera-server in Docker';
  const entries: Record<string, MaterialEntry> = {};
  for (const file of outputFiles(request)) entries[file.material] = { text: `${JSON.stringify({ devnet: note, file: file.file }, null, 2)}\n`, secret: file.secret };
  return materialOf('placeholder', entries);
}
