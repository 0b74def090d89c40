/**
 * `npm run cluster:build|up|down` (and `status`): the test control plane outside vitest.
 *
 *   build   build (or find in the cache) the binaries
 *   up      start a control plane in the background and print `export KUBECONFIG=...`
 *   down    stop it and remove its state
 *   status  say whether it runs, where, and how much memory it uses
 *
 * `up` returns once the API is ready; a detached supervisor process (`serve`) keeps the
 * components and the pod-log watcher running until `down` sends it SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, closeSync } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureBinaries } from './build.js';
import { formatDuration } from '../support/format-duration.js';
import { startControlPlane } from './harness/control-plane.js';
import { ControlPlaneError } from './harness/errors.js';
import { logTail } from './harness/health.js';
import { standaloneStateDir, stateFiles, stateRoot } from './harness/paths.js';
import { readRecords, rssBytes } from './harness/processes.js';
import { isAlive } from '../support/process-alive.js';
import { ownerOf, reclaim } from './harness/state-dir.js';

const stateDir = standaloneStateDir();
const supervisorLog = join(stateRoot(), 'standalone-supervisor.log');
const say = (message: string) => process.stderr.write(`${message}\n`);

async function build(): Promise<void> {
  const result = await ensureBinaries({ onProgress: say });
  say(result.built ? `Built in ${formatDuration(result.durationMs)}.` : `Binaries are cached (key ${result.key}).`);
  process.stdout.write(`${result.binDir}\n`);
}

function runningSupervisor(): number | undefined {
  const owner = ownerOf(stateDir);
  return owner !== undefined && isAlive(owner) && existsSync(stateFiles(stateDir).info) ? owner : undefined;
}

async function up(): Promise<void> {
  if (runningSupervisor() === undefined) {
    const { binDir } = await ensureBinaries({ onProgress: say });
    await mkdir(stateRoot(), { recursive: true });
    const started = Date.now();
    const pid = spawnSupervisor(binDir);
    await waitForSupervisor(pid);
    say(`Control plane is up (${formatDuration(Date.now() - started)}). Stop it with: npm run cluster:down`);
  } else {
    say('The control plane is already running.');
  }
  process.stdout.write(`export KUBECONFIG=${stateFiles(stateDir).kubeconfig}\n`);
}

function spawnSupervisor(binDir: string): number {
  const fd = openSync(supervisorLog, 'w');
  try {
    const script = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [...process.execArgv, script, 'serve', binDir], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
    if (child.pid === undefined) throw new ControlPlaneError('Could not start the control plane supervisor.');
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

async function waitForSupervisor(pid: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new ControlPlaneError(`The control plane failed to start:\n${logTail(supervisorLog, 30)}`, {
        hint: `Its output is in ${supervisorLog}.`,
      });
    }
    if (ownerOf(stateDir) === pid && existsSync(stateFiles(stateDir).info)) return;
    await delay(200);
  }
  throw new ControlPlaneError('The control plane did not become ready within 3 minutes.', { hint: `See ${supervisorLog}.` });
}

/** The detached process behind `up`. Its signal handlers stop the components on SIGTERM. */
async function serve(binDir: string | undefined): Promise<void> {
  const controlPlane = await startControlPlane({ stateDir, binDir, onProgress: (m) => console.log(m) });
  console.log(`Serving ${controlPlane.server}; KUBECONFIG=${controlPlane.kubeconfigPath}`);
  // The informer and child handles keep the event loop alive until a signal stops everything.
}

async function down(): Promise<void> {
  const owner = ownerOf(stateDir);
  if (owner !== undefined && isAlive(owner)) {
    process.kill(owner, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(owner) && Date.now() < deadline) await delay(100);
    if (isAlive(owner)) process.kill(owner, 'SIGKILL');
  }
  const leftovers = existsSync(stateDir) ? await reclaim(stateDir) : [];
  await rm(supervisorLog, { force: true });
  await rmdir(stateRoot()).catch(() => {}); // only when no other run uses it
  if (leftovers.length > 0) say(`Stopped leftover processes: ${leftovers.join(', ')}`);
  say(owner === undefined && leftovers.length === 0 ? 'The control plane was not running.' : 'The control plane is stopped.');
}

function status(): void {
  const owner = runningSupervisor();
  if (owner === undefined) {
    const leftovers = readRecords(stateFiles(stateDir).processes).filter((r) => isAlive(r.pid));
    say(
      leftovers.length > 0
        ? 'The control plane lost its supervisor (no pod logs, no fault injection). Clean up with: npm run cluster:down'
        : 'The control plane is not running. Start it with: npm run cluster:up',
    );
    process.exitCode = 1;
    return;
  }
  const info = JSON.parse(readFileSync(stateFiles(stateDir).info, 'utf8')) as { server: string; kubeconfig: string };
  const lines = readRecords(stateFiles(stateDir).processes).map((r) => {
    const rss = rssBytes(r.pid);
    return `  ${r.name.padEnd(24)} pid ${String(r.pid).padEnd(8)} ${rss > 0 ? `${Math.round(rss / 2 ** 20)} MiB` : 'not running'}`;
  });
  process.stdout.write([`Running at ${info.server} (supervisor pid ${owner})`, `KUBECONFIG=${info.kubeconfig}`, ...lines, ''].join('\n'));
}

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  switch (command) {
    case 'build': return build();
    case 'up': return up();
    case 'down': return down();
    case 'status': return status();
    case 'serve': return serve(arg);
    default:
      say('Usage: node --import tsx test/controlplane/cli.ts build|up|down|status');
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  say(error instanceof ControlPlaneError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
