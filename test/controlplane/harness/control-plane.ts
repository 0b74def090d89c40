/**
 * Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK on loopback, each
 * waited healthy before the next, then a fake node, the storage classes and the pod-log watcher.
 */
import { ApiextensionsV1Api, type KubeConfig, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBinaries } from '../build.js';
import { formatDuration } from '../../support/format-duration.js';
import * as specs from './components.js';
import { waitHealthy } from './health.js';
import { KWOK_CRD_FILES, kwokConfigYaml, kwokModuleDir, storageClasses } from './kwok-config.js';
import { applyObjects, fakeNode, loadKubeConfig, poll, waitDefaultServiceAccount, waitNodeReady } from './kube.js';
import { runsDir, stateFiles } from './paths.js';
import { createPki } from './pki.js';
import { startPodWatcher } from './pod-watcher.js';
import { freePorts } from './ports.js';
import { spawnComponent, writeRecords, type Component } from './processes.js';
import { claimStateDir, reclaimAbandonedRuns } from './state-dir.js';
import { Teardown, type ControlPlane } from './teardown.js';

export interface StartOptions {
  /** Defaults to a fresh directory under the state root; reclaimed first if a dead run left it. */
  stateDir?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** Use these binaries instead of building/looking up the cache. */
  binDir?: string;
  /** More kube-apiserver flags, e.g. `--storage-media-type=application/json` to read its etcd data as JSON. */
  apiserverArgs?: string[];
}

export const NODE_NAME = 'kwok-node-0';
const READY_TIMEOUT_MS = 60_000;

export async function startControlPlane(options: StartOptions = {}): Promise<ControlPlane> {
  const progress = options.onProgress ?? (() => {});
  const binDir = options.binDir ?? (await ensureBinaries({ onProgress: progress, signal: options.signal })).binDir;
  await reclaimAbandonedRuns(progress);
  const stateDir = options.stateDir ?? join(runsDir(), `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  await claimStateDir(stateDir, progress);
  const teardown = new Teardown(stateDir, binDir, progress);
  try {
    await boot(teardown, options.signal, progress, options.apiserverArgs ?? []);
  } catch (error) {
    // An aborted start is not a failure worth keeping logs for.
    await teardown.stop({ failed: options.signal?.aborted !== true });
    throw error;
  }
  return teardown.controlPlane();
}

async function boot(teardown: Teardown, signal: AbortSignal | undefined, progress: (m: string) => void, apiserverArgs: string[]): Promise<void> {
  const { stateDir, binDir } = teardown;
  const files = stateFiles(stateDir);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok, proxyTrap] = await freePorts(7);
  const ports = { etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok, proxyTrap } as specs.Ports;
  const pki = await createPki(files.pki);
  const server = `https://127.0.0.1:${ports.apiserver}`;
  await writeFile(files.kubeconfig, specs.kubeconfigYaml(server, pki));
  const kwokDir = await kwokModuleDir();
  await writeFile(files.kwokConfig, await kwokConfigYaml(kwokDir));
  const layout: specs.Layout = { binDir, pki, kubeconfig: files.kubeconfig, etcdData: files.etcdData, kwokConfig: files.kwokConfig };
  teardown.server = server;
  teardown.etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;

  const env = specs.isolatedEnv(process.env, ports);
  const start = (spec: specs.ComponentSpec) => {
    const again = () => launch(teardown, spec, { ...env, ...spec.env }, undefined, progress);
    teardown.relaunchers.set(spec.name, again);
    return launch(teardown, spec, { ...env, ...spec.env }, signal, progress);
  };
  await start(specs.etcdSpec(ports, layout));
  const apiserverSpec = specs.apiserverSpec(ports, layout);
  await start({ ...apiserverSpec, args: [...apiserverSpec.args, ...apiserverArgs] });
  teardown.apiReadyMs = Date.now() - teardown.startedAt;
  const kc = loadKubeConfig(files.kubeconfig);
  // KWOK watches the Logs CRD at start-up but does not install it.
  await installCrds(kc, kwokDir);
  await applyObjects(kc, storageClasses());
  await start(specs.controllerManagerSpec(ports, layout));
  await start(specs.schedulerSpec(ports, layout));
  await start(specs.kwokSpec(ports, layout, files.kwokHome));
  teardown.podWatcher = await startPodWatcher(kc, stateDir, join(files.logs, 'pod-watcher.log'));
  await applyObjects(kc, [fakeNode(NODE_NAME)]);
  await waitNodeReady(kc, NODE_NAME, READY_TIMEOUT_MS, signal);
  // Tests create pods in `default` straight away; that needs the ServiceAccount KCM creates.
  await waitDefaultServiceAccount(kc, 'default', READY_TIMEOUT_MS);
  await writeFile(files.info, JSON.stringify({ server, kubeconfig: files.kubeconfig, binDir, ports }, null, 2));
  progress(`Control plane ready at ${server} in ${formatDuration(Date.now() - teardown.startedAt)} (state: ${stateDir}).`);
}

async function launch(
  teardown: Teardown,
  spec: specs.ComponentSpec,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  progress: (m: string) => void,
) {
  const started = Date.now();
  const logPath = join(stateFiles(teardown.stateDir).logs, `${spec.name}.log`);
  const component: Component = spawnComponent(spec.name, join(teardown.binDir, spec.name), spec.args, logPath, env);
  teardown.add(component);
  writeRecords(stateFiles(teardown.stateDir).processes, teardown.records());
  await waitHealthy(component, spec.probe, READY_TIMEOUT_MS, signal);
  progress(`  ${spec.name} ready (${((Date.now() - started) / 1000).toFixed(1)}s, pid ${component.pid})`);
}

async function installCrds(kc: KubeConfig, kwokDir: string): Promise<void> {
  const crds: V1CustomResourceDefinition[] = [];
  for (const file of KWOK_CRD_FILES) crds.push(parse(await readFile(join(kwokDir, 'kustomize', file), 'utf8')));
  await applyObjects(kc, crds);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    await poll(`CRD ${name} to be established`, READY_TIMEOUT_MS, async () => {
      const current = await api.readCustomResourceDefinition({ name });
      return current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    });
  }
}
