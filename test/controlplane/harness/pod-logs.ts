/**
 * Pod logs, as KWOK's fake kubelet serves them: one CRI-format file per container, named by a
 * per-pod `Logs` object (kwok.x-k8s.io/v1alpha1). The layout is part of the test contract:
 *
 *   <stateDir>/podlogs/<namespace>/<pod>/<container>.log           current container
 *   <stateDir>/podlogs/<namespace>/<pod>/<container>.previous.log  the one before the last restart
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyObjects } from './kube.js';
import { stateFiles } from './paths.js';

export type LogStream = 'stdout' | 'stderr';

export function podLogDir(stateDir: string, namespace: string, pod: string): string {
  return join(stateFiles(stateDir).podLogs, namespace, pod);
}

export function containerLogPaths(stateDir: string, namespace: string, pod: string, container: string) {
  const dir = podLogDir(stateDir, namespace, pod);
  return { current: join(dir, `${container}.log`), previous: join(dir, `${container}.previous.log`) };
}

/** One CRI log line: `<RFC3339Nano> <stream> F <text>` (F = a full line, not a partial one). */
export function criLines(lines: readonly string[], stream: LogStream, now = new Date()): string {
  return lines.map((line) => `${now.toISOString()} ${stream} F ${line}\n`).join('');
}

export async function appendLines(file: string, lines: readonly string[], stream: LogStream, at = new Date()): Promise<void> {
  await appendFile(file, criLines(lines, stream, at));
}

/** Files for every named container (kept if present) and the Logs object pointing KWOK at them. */
export async function ensurePodLogs(kc: KubeConfig, stateDir: string, namespace: string, pod: string, containers: readonly string[]): Promise<void> {
  await mkdir(podLogDir(stateDir, namespace, pod), { recursive: true });
  for (const container of containers) await appendFile(containerLogPaths(stateDir, namespace, pod, container).current, '');
  await applyObjects(kc, [logsObject(stateDir, namespace, pod, containers)]);
}

function logsObject(stateDir: string, namespace: string, pod: string, containers: readonly string[]): object {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: { name: pod, namespace },
    spec: {
      logs: containers.map((container) => {
        const paths = containerLogPaths(stateDir, namespace, pod, container);
        return { containers: [container], logsFile: paths.current, previousLogsFile: paths.previous, follow: true };
      }),
    },
  };
}

/**
 * A pod seen for the first time with this UID starts with empty logs, as a new pod does on a
 * kubelet, even when an earlier pod of the same name (a StatefulSet replica) left files behind.
 */
export async function claimPodLogDir(stateDir: string, namespace: string, pod: string, uid: string): Promise<void> {
  const dir = podLogDir(stateDir, namespace, pod);
  const marker = join(dir, '.uid');
  const owner = existsSync(marker) ? (await readFile(marker, 'utf8')).trim() : undefined;
  if (owner !== undefined && owner !== uid) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(marker, uid);
}

/** What a container restart does to its logs: the current log becomes the previous one. */
export async function rotateContainerLog(stateDir: string, namespace: string, pod: string, container: string): Promise<void> {
  const paths = containerLogPaths(stateDir, namespace, pod, container);
  if (existsSync(paths.current)) await rename(paths.current, paths.previous);
  await writeFile(paths.current, '');
}
