/**
 * Runs what devnet renders into a pod with the real /bin/sh, on this machine: the key-copy init
 * container against the Secret's files and a replica's start script against a stand-in program that
 * records the argv and environment it was started with. Absolute paths of the pod are moved under a
 * temporary root; nothing else of the scripts is changed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Json } from './objects.js';

export interface PodRoot {
  root: string;
  /** A path of the pod, under the temporary root. */
  at: (podPath: string) => string;
}

export function podRoot(): PodRoot {
  const root = mkdtempSync(join(tmpdir(), 'devnet-pod-'));
  return { root, at: (podPath) => join(root, podPath) };
}

function rooted(script: string, pod: PodRoot, paths: string[]): string {
  return paths.reduce((text, path) => text.split(path).join(pod.at(path)), script);
}

/**
 * Files a Secret volume shows a container, as the kubelet lays them out: one file per data item,
 * decoded, at its `items` path when the volume lists items (only those), and, for a mount with
 * subPathExpr, only what is under that directory, with $(VAR) expanded from the container's env.
 */
export function writeSecretVolume(pod: PodRoot, mount: Json, secret: Json, volume?: Json, env: Record<string, string> = {}): void {
  mkdirSync(pod.at(mount.mountPath as string), { recursive: true });
  const data = secret.data as Record<string, string>;
  const items = (volume?.secret?.items as { key: string; path: string }[] | undefined) ?? Object.keys(data).map((key) => ({ key, path: key }));
  const subPath = typeof mount.subPathExpr === 'string' ? mount.subPathExpr.replace(/\$\((\w+)\)/g, (_: string, name: string) => env[name] ?? '') : '';
  for (const { key, path } of items) {
    const value = data[key];
    if (value === undefined) throw new Error(`the Secret has no key ${key}, which the volume lists`);
    if (subPath !== '' && !path.startsWith(`${subPath}/`)) continue;
    const file = join(pod.at(mount.mountPath as string), subPath === '' ? path : path.slice(subPath.length + 1));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(value, 'base64'), { mode: 0o400 });
  }
}

/** Runs an init container's `/bin/sh -c script` with its env (downward values given by the caller). */
export function runInit(pod: PodRoot, container: Json, env: Record<string, string>): void {
  const paths = (container.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
  for (const path of paths) mkdirSync(pod.at(path), { recursive: true });
  const [shell, flag, script] = container.command as string[];
  execFileSync(shell ?? '/bin/sh', [flag ?? '-c', rooted(script ?? '', pod, paths)], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
}

export interface Started {
  argv: string[];
  env: Record<string, string>;
}

/**
 * Runs a replica's start script with `program` replaced by a recorder of its argv and environment.
 * The recorder's directory is on PATH and is the working directory, as / is in Linera's images, so
 * `./program` finds it too.
 */
export function runStartScript(script: string, program: string, env: Record<string, string>): Started {
  const run = recorderFor(script, program);
  try {
    execFileSync('/bin/sh', [run.file], { cwd: run.bin, env: { PATH: `${run.bin}:${process.env.PATH ?? ''}`, ...env }, stdio: 'pipe' });
    return run.started();
  } finally {
    run.remove();
  }
}

/** The same, without blocking this process: for a script that talks to a server the test runs. */
export async function startScriptAsync(script: string, program: string, env: Record<string, string>): Promise<Started & { stdout: string }> {
  const run = recorderFor(script, program);
  try {
    const { stdout } = await promisify(execFile)('/bin/sh', [run.file], { cwd: run.bin, env: { PATH: `${run.bin}:${process.env.PATH ?? ''}`, ...env } });
    return { ...run.started(), stdout };
  } finally {
    run.remove();
  }
}

function recorderFor(script: string, program: string) {
  const bin = mkdtempSync(join(tmpdir(), 'devnet-bin-'));
  const out = join(bin, 'started.json');
  const recorder = join(bin, program);
  mkdirSync(dirname(recorder), { recursive: true });
  writeFileSync(recorder, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env }));\n`);
  chmodSync(recorder, 0o755);
  const file = join(bin, 'replica.sh');
  writeFileSync(file, script);
  return {
    bin,
    file,
    started: () => JSON.parse(readFileSync(out, 'utf8')) as Started,
    remove: () => rmSync(bin, { recursive: true, force: true }),
  };
}
