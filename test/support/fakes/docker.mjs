#!/usr/bin/env node
// A stand-in for the docker CLI, for machines without a Docker engine. It records every call
// (arguments and standard input) as one JSON line in $FAKE_LOG and answers the calls devnet makes.
// `docker run` is executed, not answered: the command (or the script on stdin) runs in a directory
// that plays the image's root (its working directory, /, where Linera's images keep their binaries):
// $FAKE_DOCKER_ROOT, stub Linera tools by default (test/support/fakes/linera/), the real binaries
// in the real-Linera tier. `--network none` becomes a new network namespace with nothing in it.
import { appendFileSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join, isAbsolute } from 'node:path';
import { machineCall } from './docker-machine.mjs';
import { loadMachine } from './machine.mjs';

const args = process.argv.slice(2);
const stdin = args.includes('-i') ? readFileSync(0, 'utf8') : '';
if (process.env.FAKE_LOG) appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool: 'docker', args, stdin })}\n`);

const fail = process.env.FAKE_DOCKER_FAIL;
if (fail) {
  process.stderr.write(`${fail}\n`);
  process.exit(125);
}

const machine = process.env.FAKE_DOCKER_ARCH ?? 'x86_64';
const goArch = { x86_64: 'amd64', aarch64: 'arm64' }[machine] ?? machine;

if (args[0] === 'info') {
  const cpus = Number(process.env.FAKE_DOCKER_CPUS ?? 8);
  const memory = Number(process.env.FAKE_DOCKER_MEMORY ?? 16 * 2 ** 30);
  const os = process.env.FAKE_DOCKER_OS ?? 'fake';
  // $FAKE_DOCKER_CGROUP is the host's cgroup version ("1" or "2"), as the daemon reports it; the fake kind reads the same.
  const cgroup = process.env.FAKE_DOCKER_CGROUP ?? '2';
  const security = ['name=seccomp,profile=builtin', ...(process.env.FAKE_DOCKER_ROOTLESS ? ['name=rootless'] : []), ...(cgroup === '2' ? ['name=cgroupns'] : [])];
  const info = { ServerVersion: '28.2.2', NCPU: cpus, MemTotal: memory, OperatingSystem: os, Architecture: machine, CgroupDriver: cgroup === '2' ? 'systemd' : 'cgroupfs', CgroupVersion: cgroup, SecurityOptions: security };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.exit(0);
}

// The local image store: $FAKE_DOCKER_IMAGES lists every image this "machine" has (comma-separated);
// without it, every image but those named *missing* is there. A missing one gets the answer docker
// 28.2.2 gave against dockerd 20.10.24 on this machine, exit status 1.
// Images tagged, loaded or pulled since (and removed) are kept in the machine's state (machine.mjs).
const listed = (image) => (process.env.FAKE_DOCKER_IMAGES === undefined ? !image.includes('missing') : process.env.FAKE_DOCKER_IMAGES.split(',').includes(image));
const hasImage = (image) => {
  const machine = loadMachine();
  return !machine.removed.includes(image) && (listed(image) || machine.images.includes(image));
};

if (args[0] === 'image' && args[1] === 'inspect') {
  const image = args.at(-1);
  if (!hasImage(image)) {
    process.stderr.write(`Error response from daemon: no such image: ${image}: No such image: ${image}\n`);
    process.exit(1);
  }
  const format = args[args.indexOf('--format') + 1];
  const arch = process.env.FAKE_DOCKER_IMAGE_ARCH ?? goArch;
  process.stdout.write(format === '{{.Architecture}}' ? `${arch}\n` : format === '{{.Size}}' ? '123000000\n' : `sha256:${createHash('sha256').update(image).digest('hex')}\n`);
  process.exit(0);
}

if (args[0] === 'manifest' && args[1] === 'inspect') {
  process.stderr.write('fake docker: no registry here\n');
  process.exit(1);
}

if (args[0] === 'tag' && !hasImage(args[1])) {
  process.stderr.write(`Error response from daemon: No such image: ${args[1]}\n`);
  process.exit(1);
}

if (machineCall(args, hasImage, goArch)) process.exit(0);
else if (args[0] === 'run') run(args.slice(1));
else {
  process.stderr.write(`fake docker: unsupported call: ${args.join(' ')}\n`);
  process.exit(1);
}

/** Parses `docker run [options] IMAGE [COMMAND...]` as far as devnet uses it, then executes it. */
function run(rest) {
  const options = { network: 'default', entrypoint: undefined, env: {}, volumes: [] };
  let i = 0;
  const value = (name) => {
    const v = rest[++i];
    if (v === undefined) refuse(`${name} needs a value`);
    return v;
  };
  for (; i < rest.length && rest[i].startsWith('-'); i++) {
    const flag = rest[i];
    if (flag === '--rm' || flag === '-i') continue;
    else if (flag === '--network') options.network = value(flag);
    else if (flag === '--entrypoint') options.entrypoint = value(flag);
    else if (flag === '--user' || flag === '--name') value(flag);
    else if (flag === '-e' || flag === '--env') {
      const [k, ...v] = value(flag).split('=');
      options.env[k] = v.join('=');
    } else if (flag === '-v' || flag === '--volume') {
      const [host, inside] = value(flag).split(':');
      // The image's root is played by a host directory: a mount is only faithful at its own path.
      if (host !== inside || !isAbsolute(host)) refuse(`volumes must be absolute and mounted at the same path, got ${host}:${inside}`);
      options.volumes.push(host);
    } else refuse(`unsupported option ${flag}`);
  }
  const image = rest[i];
  if (image === undefined) refuse('no image');
  const command = options.entrypoint === undefined ? rest.slice(i + 1) : [options.entrypoint, ...rest.slice(i + 1)];
  if (command.length === 0) refuse(`no command for ${image} (Linera's images have no ENTRYPOINT or CMD)`);
  const root = process.env.FAKE_DOCKER_ROOT ?? join(import.meta.dirname, 'linera', 'root');
  const program = command[0].startsWith('./') ? join(root, command[0].slice(2)) : command[0];
  const argv = [program, ...command.slice(1)];
  // Only what Docker gives a container: its own env, PATH and HOME (none of the caller's secrets).
  const env = { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: '/root', ...options.env };
  const isolated = options.network === 'none' ? ['unshare', '--map-root-user', '--net', '--'] : [];
  const [file, ...fileArgs] = [...isolated, ...argv];
  const child = spawn(file, fileArgs, { cwd: root, env, stdio: ['pipe', 'inherit', 'inherit'] });
  child.stdin.end(stdin);
  // docker run passes the signals it gets to the container (--sig-proxy, on by default); like
  // `docker stop`, a container that ignores them is killed after a grace period.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      child.kill(signal);
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  }
  child.once('error', (error) => {
    process.stderr.write(`docker: Error response from daemon: ${error.message}\n`);
    process.exit(127);
  });
  child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
}

function refuse(message) {
  process.stderr.write(`fake docker: ${message}\n`);
  process.exit(125);
}
