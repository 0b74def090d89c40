/**
 * Docker Engine for the kind tier, on a test machine only: Debian's `docker.io` when dockerd is
 * missing, and the daemon started when none answers. devnet itself never configures anyone's Docker.
 *
 * A sandbox whose capability bounding set lacks a capability (CAP_SYS_RESOURCE here) cannot start a
 * privileged container: runc fails with "unable to apply caps: operation not permitted", and
 * --cap-drop is ignored with --privileged. The daemon then runs with runc-capfit (runtime/main.go) as
 * its default runtime, which drops from each container what the host does not have.
 */
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { aptInstall, run, step, succeeds, type Say } from './run.js';
import { buildRuntimeWrapper, missingCapabilities } from './runtime-wrapper.js';

const DAEMON_JSON = '/etc/docker/daemon.json';
const WRAPPER_RUNTIME = 'capfit';
const DOCKERD_LOG = '/var/log/devnet-test-dockerd.log';

export interface DockerInfo {
  ServerVersion: string;
  CgroupVersion: string;
  DefaultRuntime: string;
  Driver: string;
}

/** Makes sure a Docker Engine answers and can run privileged containers on this machine. */
export async function ensureDockerEngine(progress: Say): Promise<DockerInfo> {
  await aptInstall([{ package: 'docker.io', probe: 'command -v dockerd' }], progress);
  const missing = missingCapabilities(readFileSync('/proc/self/status', 'utf8'));
  let info = await dockerInfo();
  if (info === undefined) {
    if (missing.length > 0) await configureWrapper(progress);
    info = await step('start dockerd', progress, startDockerd);
  }
  if (missing.length > 0 && info.DefaultRuntime !== WRAPPER_RUNTIME) {
    throw new Error(
      `This machine lacks ${missing.join(', ')}, so privileged containers (kind's node) fail under plain runc, and the running ` +
        `Docker daemon's default runtime is "${info.DefaultRuntime}". Stop that daemon and run \`npm run kind:build\` again: ` +
        `it starts dockerd with the capability-fitting runtime (see test/kind/README.md).`,
    );
  }
  return info;
}

export async function dockerInfo(): Promise<DockerInfo | undefined> {
  if (!(await succeeds('docker', ['version', '--format', '{{.Server.Version}}']))) return undefined;
  return JSON.parse(await run('docker', ['info', '--format', '{{json .}}'])) as DockerInfo;
}

/** Registers the wrapper in daemon.json, keeping whatever else the file says. */
async function configureWrapper(progress: Say): Promise<void> {
  const realRunc = (await run('sh', ['-c', 'command -v runc'])).trim();
  const wrapper = await buildRuntimeWrapper(realRunc, progress);
  const current = existsSync(DAEMON_JSON) ? (JSON.parse(await readFile(DAEMON_JSON, 'utf8')) as Record<string, unknown>) : {};
  const runtimes = { ...(current.runtimes as Record<string, unknown> | undefined), [WRAPPER_RUNTIME]: { path: wrapper } };
  await mkdir(dirname(DAEMON_JSON), { recursive: true });
  await writeFile(DAEMON_JSON, `${JSON.stringify({ ...current, runtimes, 'default-runtime': WRAPPER_RUNTIME }, null, 2)}\n`);
  progress(`${DAEMON_JSON}: default runtime ${WRAPPER_RUNTIME} (${wrapper} → ${realRunc})`);
}

/** dockerd in its own session, so it outlives this process (the next test run finds it answering). */
async function startDockerd(): Promise<DockerInfo> {
  const log = openSync(DOCKERD_LOG, 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  for (let waited = 0; waited < 60_000; waited += 500) {
    const info = await dockerInfo();
    if (info !== undefined) return info;
    if (child.exitCode !== null) break;
    await delay(500);
  }
  const tail = existsSync(DOCKERD_LOG) ? readFileSync(DOCKERD_LOG, 'utf8').trim().split('\n').slice(-20).join('\n') : '';
  throw new Error(`dockerd did not answer within 60s (its log, ${DOCKERD_LOG}):\n${tail}`);
}

export const dockerdLog = join(DOCKERD_LOG);
