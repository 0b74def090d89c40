/**
 * Builds the real Linera binaries from crates.io at the version devnet pins, with the cargo features
 * the published images use, into a cache outside the clone keyed by everything that changes the
 * output (version, crates, features, toolchain, build settings). A second run with the same key
 * builds nothing; a run with a new key reuses the shared cargo target directory.
 *
 * Features, from linera-protocol at the parent of dae7c63a2b (the last combined `linera` image):
 *   docker/Dockerfile:24           build_features=scylladb,metrics,opentelemetry,jemalloc
 *                                  (`cargo build --bin linera-proxy --bin linera-server --bin linera`)
 *   docker/Dockerfile.exporter:29  build_features=scylladb,metrics (`cargo build --bin linera-exporter`)
 * Neither passes --no-default-features, so the crates' defaults come along as in the images.
 * `linera-storage-server` (linera-storage-service) is not in any validator image: devnet's light
 * storage engine (`linera.storage.engine: service`) runs it, with its `rocksdb` subcommand, which
 * exists only with the crate's non-default `rocksdb` feature (linera-storage-service 0.15.23
 * Cargo.toml `rocksdb = ["linera-views/rocksdb"]`; src/server.rs `#[cfg(with_rocksdb)]`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { LINERA_VERSION } from '../../src/networks/linera/version.js';
import { formatDuration } from '../support/format-duration.js';

const run = promisify(execFile);

export const CRATES = [
  { crate: 'linera-service', bins: ['linera', 'linera-server', 'linera-proxy'], features: ['scylladb', 'metrics', 'opentelemetry', 'jemalloc'] },
  { crate: 'linera-exporter', bins: ['linera-exporter'], features: ['scylladb', 'metrics'] },
  { crate: 'linera-storage-service', bins: ['linera-storage-server'], features: ['rocksdb'] },
] as const;

export const BINARIES = CRATES.flatMap((c) => [...c.bins]);

/**
 * Release profile at opt-level 0: the tests need working binaries, not fast ones, and the optimised
 * build needs about 70 minutes on 2 cores before it reaches the final link.
 */
const CARGO_ENV = {
  CARGO_PROFILE_RELEASE_OPT_LEVEL: '0',
  CARGO_PROFILE_RELEASE_DEBUG: '0',
  CARGO_PROFILE_RELEASE_LTO: 'false',
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '256',
  CARGO_PROFILE_RELEASE_INCREMENTAL: 'false',
  CARGO_INCREMENTAL: '0',
  CARGO_TERM_COLOR: 'never',
} as const;

/**
 * Rust >= 1.90 no longer ships `__rust_probestack` (LLVM probes the stack inline), but the wasmer
 * fork in 0.15.23's lock file (linera-wasmer-vm 4.4.0-linera.8, src/probestack.rs) still links
 * against it; 4.4.0-linera.9 carries its own. This object supplies the symbol (weak, so a toolchain
 * that still has it wins): touch every 4 KiB page between the stack pointer and the requested frame
 * size in %rax, top-down, so the guard page is hit in order, and preserve every register.
 */
const PROBESTACK_ASM = `
  .text
  .globl __rust_probestack
  .weak __rust_probestack
  .type __rust_probestack,@function
__rust_probestack:
  pushq %rbp
  movq %rsp, %rbp
  movq %rax, %r11
1:
  cmpq $0x1000, %r11
  jbe 2f
  subq $0x1000, %rsp
  orq $0, 8(%rsp)
  subq $0x1000, %r11
  jmp 1b
2:
  subq %r11, %rsp
  orq $0, 8(%rsp)
  movq %rbp, %rsp
  popq %rbp
  ret
  .size __rust_probestack, .-__rust_probestack
  .section .note.GNU-stack,"",@progbits
`;

/** What the build needs from the system: Debian packages, as docker/Dockerfile installs them. */
const SYSTEM_PACKAGES = [
  { check: 'command -v protoc', package: 'protobuf-compiler' },
  { check: 'command -v clang', package: 'clang' },
  { check: 'command -v pkg-config', package: 'pkg-config' },
  { check: 'pkg-config --exists libunwind', package: 'libunwind-dev' },
  { check: 'test -f /usr/include/google/protobuf/empty.proto', package: 'libprotobuf-dev' },
];

export interface LineraBuild {
  binDir: string;
  key: string;
  built: boolean;
  durationMs: number;
}

export function lineraCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'devnet', 'linera');
}

export async function rustcVersion(): Promise<string> {
  try {
    return (await run('rustc', ['-vV'])).stdout.trim();
  } catch (error) {
    throw new Error('The real-Linera tests build Linera from crates.io and need Rust (cargo, rustc) on PATH: https://rustup.rs', {
      cause: error,
    });
  }
}

export function cacheKey(rustc: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ LINERA_VERSION, manifest: workspaceManifest(), CARGO_ENV, PROBESTACK_ASM, rustc }))
    .digest('hex')
    .slice(0, 20);
}

/**
 * One cargo workspace of our own depending on the three crates, so one build compiles what they
 * share once (separate `cargo install`s rebuilt RocksDB for the exporter: 18 more minutes). Cargo
 * unifies features across it: the exporter gets the Dockerfile.exporter features plus what
 * linera-service's features turn on in crates they share. It starts from linera-service 0.15.23's
 * own lock file, which pins every crate of the three (`cargo update --workspace` only adds our root).
 */
export function workspaceManifest(): string {
  const deps = CRATES.map((c) => `${c.crate} = { version = "=${LINERA_VERSION}"${c.features.length > 0 ? `, features = [${c.features.map((f) => `"${f}"`).join(', ')}]` : ''} }`);
  return ['[package]', 'name = "devnet-linera-binaries"', 'version = "0.0.0"', 'edition = "2021"', 'publish = false', '', '[dependencies]', ...deps, ''].join('\n');
}

/** Returns the cached binaries, building them first when the cache has none for this key. */
export async function ensureLinera(progress: (message: string) => void = () => {}): Promise<LineraBuild> {
  const started = Date.now();
  const key = cacheKey(await rustcVersion());
  const root = lineraCacheRoot();
  const binDir = join(root, `${LINERA_VERSION}-${key}`, 'bin');
  if (BINARIES.every((name) => existsSync(join(binDir, name)))) return { binDir, key, built: false, durationMs: Date.now() - started };

  await installSystemPackages(progress);
  const workspace = join(root, `workspace-${key}`);
  await rm(workspace, { recursive: true, force: true });
  await mkdir(join(workspace, 'src'), { recursive: true });
  await writeFile(join(workspace, 'Cargo.toml'), workspaceManifest());
  await writeFile(join(workspace, 'src', 'main.rs'), 'fn main() {}\n');
  const probestack = join(root, 'probestack.o');
  await assemble(probestack, workspace);
  const targetDir = join(root, 'target');
  const env = { ...CARGO_ENV, CARGO_TARGET_DIR: targetDir, RUSTFLAGS: `-C link-arg=${probestack}` };
  progress(`Building Linera ${LINERA_VERSION} (${BINARIES.join(', ')}) from crates.io into ${binDir}`);
  progress('On 2 cores with an empty cache this takes about an hour; later runs reuse the result.');
  await pinToUpstreamLock(workspace, env, progress);
  const selection = CRATES.flatMap((c) => ['-p', c.crate, ...c.bins.flatMap((b) => ['--bin', b])]);
  await cargo(['build', '--release', '--locked', ...selection], env, 'the Linera binaries', progress, workspace);
  const staging = join(root, `.building-${key}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const binary of BINARIES) await copyFile(join(targetDir, 'release', binary), join(staging, binary));
  await mkdir(join(root, `${LINERA_VERSION}-${key}`), { recursive: true });
  await rm(binDir, { recursive: true, force: true });
  await rename(staging, binDir);
  await rm(workspace, { recursive: true, force: true });
  const durationMs = Date.now() - started;
  progress(`Linera built in ${formatDuration(durationMs)}.`);
  return { binDir, key, built: true, durationMs };
}

/** linera-service's published Cargo.lock, with our root package added and nothing else moved. */
async function pinToUpstreamLock(workspace: string, env: Record<string, string>, progress: (message: string) => void): Promise<void> {
  progress('Resolving the crates, then pinning them to linera-service\'s own Cargo.lock');
  const { stdout } = await run('cargo', ['metadata', '--format-version', '1'], { cwd: workspace, env: { ...process.env, ...env }, maxBuffer: 256 * 2 ** 20 });
  const packages = (JSON.parse(stdout) as { packages: { name: string; version: string; manifest_path: string }[] }).packages;
  const service = packages.find((p) => p.name === 'linera-service' && p.version === LINERA_VERSION);
  if (service === undefined) throw new Error(`cargo did not resolve linera-service ${LINERA_VERSION}`);
  await copyFile(join(dirname(service.manifest_path), 'Cargo.lock'), join(workspace, 'Cargo.lock'));
  await run('cargo', ['update', '--workspace', '--offline'], { cwd: workspace, env: { ...process.env, ...env } });
}

async function installSystemPackages(progress: (message: string) => void): Promise<void> {
  const missing = [];
  for (const need of SYSTEM_PACKAGES) {
    const present = await run('sh', ['-c', need.check]).then(() => true, () => false);
    if (!present) missing.push(need.package);
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Building Linera needs these Debian packages: ${missing.join(' ')}.\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  progress(`Installing ${missing.join(', ')} with apt-get`);
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function assemble(object: string, scratch: string): Promise<void> {
  const source = join(scratch, 'probestack.s');
  await writeFile(source, PROBESTACK_ASM);
  await run('cc', ['-c', '-o', object, source]);
}

async function cargo(args: string[], env: Record<string, string>, name: string, progress: (message: string) => void, cwd: string): Promise<void> {
  const started = Date.now();
  progress(`cargo ${args.join(' ')}  (in ${cwd})`);
  const child = spawn('cargo', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let compiled = 0;
  let last = '';
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    const match = /^\s+Compiling (\S+)/.exec(line);
    if (match) {
      compiled += 1;
      last = match[1] ?? last;
    }
    tail.push(line);
    if (tail.length > 60) tail.shift();
  });
  const timer = setInterval(() => {
    progress(`  ${name}: ${compiled} crates compiled (last ${last || '-'}), ${formatDuration(Date.now() - started)} elapsed`);
  }, 30_000);
  const stop = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`\`cargo ${args.join(' ')}\` failed (exit ${code}):\n${tail.join('\n')}`);
  } finally {
    clearInterval(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  progress(`  built ${name} in ${formatDuration(Date.now() - started)} (${compiled} crates compiled)`);
}
