/**
 * KWOK's configuration: its own "fast" stages, read from the kwok module in Go's module cache (the
 * same files kwokctl embeds; no copies live in this repo), adjusted for the harness, plus the
 * fault stages. The adjustments are checked, so a KWOK upgrade that moves them fails loudly.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { MODULES } from '../build.js';
import { ControlPlaneError } from './errors.js';
import { FAULT_IMAGE_PREFIX, faultStages, firstImageStartsWith, logsRegistered, type Expression } from './fault-stages.js';
import { GO_ENV } from './go.js';

const run = promisify(execFile);

/** kind's default class is `standard`; devnet's profiles name it, so it exists here too. */
export const STORAGE_CLASSES = ['standard', 'kwok-volume'] as const;
export const DEFAULT_STORAGE_CLASS = 'standard';

const STAGE_FILES = [
  'stage/node/fast/node-initialize.yaml',
  'stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'stage/pod/fast/pod-ready.yaml',
  'stage/pod/fast/pod-complete.yaml',
  'stage/pod/fast/pod-delete.yaml',
  'stage/volume/fast/pvc-provision.yaml',
  'stage/volume/fast/pv-bind.yaml',
  'stage/volume/fast/pv-delete.yaml',
  'stage/volume/fast/pvc-delete.yaml',
];

export const KWOK_CRD_FILES = ['crd/bases/kwok.x-k8s.io_logs.yaml'];

interface StageDoc {
  metadata: { name: string };
  spec: { selector?: { matchExpressions?: (Expression | { cel?: { expression?: string } })[] } };
}

/** Directory of the kwok module the k8s tool module requires (downloaded by the build). */
export async function kwokModuleDir(): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', 'sigs.k8s.io/kwok'], {
    cwd: MODULES.k8s,
    env: { ...process.env, ...GO_ENV },
  });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (dir === undefined) throw new ControlPlaneError(`go mod download did not report where sigs.k8s.io/kwok is: ${stdout}`);
  return dir;
}

export async function kwokConfigYaml(kwokDir: string): Promise<string> {
  const stages: object[] = [];
  for (const file of STAGE_FILES) {
    const doc = parse(await readFile(join(kwokDir, 'kustomize', file), 'utf8')) as StageDoc;
    stages.push(adjust(doc));
  }
  stages.push(...faultStages());
  return stages.map((s) => stringify(s, { lineWidth: 0 })).join('---\n');
}

function adjust(stage: StageDoc): StageDoc {
  const expressions = stage.spec.selector?.matchExpressions;
  if (expressions === undefined) throw new ControlPlaneError(`KWOK stage ${stage.metadata.name} has no matchExpressions`);
  switch (stage.metadata.name) {
    case 'pod-ready':
      // Wait until the pod's log files exist (so `kubectl logs` works the moment it is Ready)
      // and leave fault pods to the fault stages.
      expressions.push({ ...logsRegistered }, firstImageStartsWith(FAULT_IMAGE_PREFIX, false));
      break;
    case 'pod-complete':
      expressions.push(firstImageStartsWith(FAULT_IMAGE_PREFIX, false));
      break;
    case 'pvc-provision':
    case 'pv-bind':
    case 'pv-delete':
    case 'pvc-delete':
      widenStorageClass(stage.metadata.name, expressions);
      break;
  }
  return stage;
}

function widenStorageClass(name: string, expressions: NonNullable<NonNullable<StageDoc['spec']['selector']>['matchExpressions']>): void {
  const wanted = "self.spec.storageClassName == 'kwok-volume'";
  const match = expressions.find((e) => 'cel' in e && e.cel?.expression?.trim() === wanted);
  if (match === undefined || !('cel' in match)) throw new ControlPlaneError(`KWOK stage ${name} no longer selects on ${wanted}`);
  match.cel = { expression: `self.spec.storageClassName in [${STORAGE_CLASSES.map((c) => `'${c}'`).join(', ')}]` };
}

/** StorageClasses served by the volume stages; `standard` is the default, as on kind. */
export function storageClasses(): object[] {
  return STORAGE_CLASSES.map((name) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      annotations: { 'storageclass.kubernetes.io/is-default-class': String(name === DEFAULT_STORAGE_CLASS) },
    },
    provisioner: 'kwok.x-k8s.io/volume',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  }));
}
