/**
 * Runs what devnet renders into a pod with the real /bin/sh, on this machine: the key-copy init
 * container against the Secret's files and a replica's start script against a stand-in program that
 * records the argv and environment it was started with. Absolute paths of the pod are moved under a
 * temporary root; nothing else of the scripts is changed.
 */
import { execFileSync } from 'node:child_process';
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

/** Files a Secret volume shows: one file per data item, decoded. */
export function writeSecretVolume(pod: PodRoot, mountPath: string, secret: Json): void {
  mkdirSync(pod.at(mountPath), { recursive: true });
  for (const [key, value] of Object.entries(secret.data as Record<string, string>)) writeFileSync(join(pod.at(mountPath), key), Buffer.from(value, 'base64'), { mode: 0o400 });
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
  const bin = mkdtempSync(join(tmpdir(), 'devnet-bin-'));
  const out = join(bin, 'started.json');
  const recorder = join(bin, program);
  mkdirSync(dirname(recorder), { recursive: true });
  writeFileSync(recorder, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env }));\n`);
  chmodSync(recorder, 0o755);
  const file = join(bin, 'replica.sh');
  writeFileSync(file, script);
  try {
    execFileSync('/bin/sh', [file], { cwd: bin, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, ...env }, stdio: 'pipe' });
    return JSON.parse(readFileSync(out, 'utf8')) as Started;
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}
