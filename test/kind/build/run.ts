/**
 * Processes and progress for the kind tier's build: every step says what it runs and how long it
 * took, so a slow cold build can be read off the log.
 */
import { execa } from 'execa';

/** What the steps pass: a working directory and extra environment (added to this process's). */
export interface Options {
  cwd?: string;
  env?: Record<string, string>;
}

export type Say = (message: string) => void;

export const say: Say = (message) => process.stderr.write(`[kind tier] ${message}\n`);

/** Runs a command, returning its stdout; a failure names the command and shows the end of its output. */
export async function run(file: string, args: readonly string[], options: Options = {}): Promise<string> {
  const result = await execa(file, args, { ...options, reject: false, all: true, encoding: 'utf8' });
  if (result.exitCode !== 0 || result.failed) {
    const output = String(result.all ?? '').trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`${[file, ...args].join(' ')}\` failed (${result.exitCode === undefined ? result.shortMessage : `exit ${result.exitCode}`}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

/** Whether a command exits 0 (for probes: `docker info`, `command -v`). */
export async function succeeds(file: string, args: readonly string[], options: Options = {}): Promise<boolean> {
  const result = await execa(file, args, { ...options, reject: false, stdio: 'ignore' });
  return result.exitCode === 0;
}

/** Times one named step of the build and reports it. */
export async function step<T>(name: string, progress: Say, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  progress(`${name} ...`);
  const result = await fn();
  progress(`${name}: done in ${formatSeconds(Date.now() - started)}`);
  return result;
}

export function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/** Installs the Debian packages whose probe fails (the machine is a test machine and we are root). */
export async function aptInstall(needs: readonly { package: string; probe: string }[], progress: Say): Promise<void> {
  const missing: string[] = [];
  for (const need of needs) if (!(await succeeds('sh', ['-c', need.probe]))) missing.push(need.package);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The kind tier needs these Debian packages: ${missing.join(' ')}.\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  await step(`apt-get install ${missing.join(' ')}`, progress, async () => {
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  });
}
