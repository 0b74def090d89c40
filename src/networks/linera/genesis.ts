/**
 * Linera keys and genesis come from Linera's own tools, each run in the image that carries it:
 * `linera-server generate` (validator image) writes each validator's server config, with its signing
 * key, and the committee; `linera create-genesis-config` (client image) writes genesis and the admin
 * wallet. Scripts and inputs go in on stdin and files come back on stdout, so nothing secret touches
 * the host disk, and neither container has a network.
 */
import { createHash } from 'node:crypto';
import { ExternalCommandError } from '../../errors/index.js';
import type { ContainerRunner } from '../../contracts/runner.js';
import { materialOf, type Material, type MaterialEntry } from '../material.js';
import type { MaterialRequest } from '../topology.js';

export type LineraRequest = Extract<MaterialRequest, { kind: 'linera' }>;

export interface LineraToolsOptions {
  images: { validator: string; client: string };
  binaries: { server: string; client: string };
  seed?: string | undefined;
  container: ContainerRunner;
  signal?: AbortSignal | undefined;
}

const FILE_MARK = 'devnet-file';
const U64 = 2n ** 64n;

/** Linera's --testing-prng-seed takes a u64: numeric seeds are used as they are, others hashed. */
export function prngSeed(seed: string): string {
  if (/^\d{1,20}$/.test(seed) && BigInt(seed) < U64) return seed;
  return BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`).toString();
}

/**
 * The seed of the second tool: upstream's local net hands `seed` to `linera-server generate` and
 * `seed + 1` to `create-genesis-config` (linera-service 0.15.23 src/cli_wrappers/local_net.rs:777-780),
 * so the admin key is not drawn from the same bytes as validator 0's.
 */
export function nextSeed(seed: string): string {
  return ((BigInt(seed) + 1n) % U64).toString();
}

function binary(path: string): string {
  return path.startsWith('./') ? `"$bin/${path.slice(2)}"` : path;
}

interface OutputFile {
  file: string;
  material: string;
  secret: boolean;
}

export function serverOutputs(request: LineraRequest): OutputFile[] {
  return [
    ...request.validators.map((v) => ({ file: `server_${v.index}.json`, material: `validator-${v.index}/server.json`, secret: true })),
    { file: 'committee.json', material: 'committee.json', secret: false },
  ];
}

export const GENESIS_OUTPUTS: readonly OutputFile[] = [
  { file: 'genesis.json', material: 'genesis.json', secret: false },
  { file: 'wallet.json', material: 'wallet.json', secret: true },
  { file: 'keystore.json', material: 'keystore.json', secret: true },
];

function heredoc(file: string, text: string): string[] {
  return [`cat > ${file} <<'DEVNET_EOF'`, text.trimEnd(), 'DEVNET_EOF'];
}

/** Prints each file as one `devnet-file NAME BASE64` line, then removes the scratch directory. */
function emit(files: readonly OutputFile[]): string[] {
  return [
    `for f in ${files.map((f) => f.file).join(' ')}; do`,
    `  printf '${FILE_MARK} %s ' "$f"; base64 < "$f" | tr -d '\\n'; printf '\\n'`,
    'done',
    'cd / && rm -rf "$work"',
  ];
}

const PRELUDE = ['set -eu', 'bin=$(pwd)', 'work=$(mktemp -d)', 'cd "$work"'];

/**
 * `linera-server generate --validators … --committee …` (linera-service 0.15.23 src/server.rs:681-694):
 * one options TOML per validator in, one server config per validator and the committee out.
 */
export function serverScript(request: LineraRequest, options: Pick<LineraToolsOptions, 'binaries' | 'seed'>): string {
  const seedFlag = options.seed === undefined ? '' : ` --testing-prng-seed ${prngSeed(options.seed)}`;
  const tomls = request.validators.map((v) => `validator_${v.index}.toml`);
  return [
    ...PRELUDE,
    ...request.validators.flatMap((v) => heredoc(`validator_${v.index}.toml`, v.optionsToml)),
    `${binary(options.binaries.server)} generate${seedFlag} --validators ${tomls.join(' ')} --committee committee.json >&2`,
    ...emit(serverOutputs(request)),
    '',
  ].join('\n');
}

/**
 * `linera create-genesis-config N --committee --genesis --initial-funding --policy-config
 * --network-name [--start-timestamp] [--testing-prng-seed]` (linera-service 0.15.23
 * src/cli/command.rs:620-650, 824-832): genesis, and the admin wallet with its keystore.
 */
export function genesisScript(request: LineraRequest, committee: string, options: Pick<LineraToolsOptions, 'binaries' | 'seed'>): string {
  const g = request.genesis;
  const seedFlag = options.seed === undefined ? '' : ` --testing-prng-seed ${nextSeed(prngSeed(options.seed))}`;
  const start = g.startTimestamp === undefined ? '' : ` --start-timestamp ${g.startTimestamp}`;
  return [
    ...PRELUDE,
    ...heredoc('committee.json', committee),
    `${binary(options.binaries.client)} --wallet wallet.json --keystore keystore.json --storage "rocksdb:$work/client.db" create-genesis-config ${g.otherInitialChains}` +
      ` --committee committee.json --genesis genesis.json --initial-funding ${g.initialFunding} --policy-config ${g.policy}` +
      ` --network-name '${g.networkName.replace(/'/g, '')}'${start}${seedFlag} >&2`,
    ...emit(GENESIS_OUTPUTS),
    '',
  ].join('\n');
}

export function parseFiles(stdout: string, expected: readonly OutputFile[]): Record<string, MaterialEntry> {
  const files = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^${FILE_MARK} (\\S+) (\\S*)$`).exec(line.trim());
    if (match?.[1] !== undefined) files.set(match[1], Buffer.from(match[2] ?? '', 'base64').toString('utf8'));
  }
  const entries: Record<string, MaterialEntry> = {};
  for (const file of expected) {
    const text = files.get(file.file);
    if (text === undefined || text === '') throw new Error(`did not produce ${file.file}`);
    entries[file.material] = { text, secret: file.secret };
  }
  return entries;
}

async function runTool(script: string, image: string, tool: string, expected: readonly OutputFile[], options: LineraToolsOptions) {
  const hint = `check that ${image} contains ${tool.split(' ')[0] ?? tool} at the path in linera.binaries (linera.images sets the image)`;
  let result;
  try {
    result = await options.container({ image, input: script, network: 'none', signal: options.signal });
  } catch (error) {
    // A script that ran and failed is the tool's failure; Docker's own errors (125) and a missing
    // docker (no status) are reported as they are.
    if (error instanceof ExternalCommandError && error.exitStatus !== undefined && error.exitStatus !== 125) {
      throw new ExternalCommandError(`${tool} failed in ${image}: ${error.message}`, error.command, { hint, details: error.details });
    }
    throw error;
  }
  try {
    return parseFiles(result.stdout, expected);
  } catch (error) {
    throw new ExternalCommandError(`${tool} ran in ${image} but ${(error as Error).message}.`, `docker run --rm -i --network none --entrypoint /bin/sh ${image} -s`, {
      hint,
      details: result.stderr.trim().split('\n').slice(-8),
    });
  }
}

export async function generateWithLineraTools(request: LineraRequest, options: LineraToolsOptions): Promise<Material> {
  const servers = await runTool(serverScript(request, options), options.images.validator, 'linera-server generate', serverOutputs(request), options);
  const committee = servers['committee.json']?.text ?? '';
  const genesis = await runTool(genesisScript(request, committee, options), options.images.client, 'linera create-genesis-config', GENESIS_OUTPUTS, options);
  return materialOf('linera-tools', { ...servers, ...genesis }, options.seed);
}

/** Stand-in material for rendering without Docker: valid shapes, no keys, clearly marked. */
export function lineraPlaceholders(request: LineraRequest): Material {
  const note = 'PLACEHOLDER: devnet up generates the real file with Linera\'s tools in Docker';
  const entries: Record<string, MaterialEntry> = {};
  for (const file of [...serverOutputs(request), ...GENESIS_OUTPUTS]) {
    entries[file.material] = { text: `${JSON.stringify({ devnet: note, file: file.file }, null, 2)}\n`, secret: file.secret };
  }
  return materialOf('placeholder', entries);
}
