/**
 * Everything the kind tier needs on a test machine, built here and cached outside the clone:
 * a Docker Engine that answers, kind, and a node image, with the time of each step.
 */
import { basename, dirname } from 'node:path';
import { ensureBinaries, KUBERNETES_VERSION } from '../../controlplane/build.js';
import { goVersion } from '../../controlplane/harness/go.js';
import { ensureDockerEngine, type DockerInfo } from './docker-engine.js';
import { ensureGoTools } from './go-tools.js';
import { ensureNodeImage } from './node-image.js';
import { buildPause } from './pause.js';
import { ensureBaseImage } from './rootfs.js';
import { aptInstall, step, type Say } from './run.js';

export interface KindTier {
  docker: DockerInfo;
  /** Directory holding `kind` (and the node's other programs). */
  toolsBin: string;
  nodeImage: string;
  /** The Debian base image Linera's images are built on too. */
  baseImage: string;
  kubernetesBin: string;
}

export async function ensureKindTier(progress: Say): Promise<KindTier> {
  const docker = await step('Docker Engine', progress, () => ensureDockerEngine(progress));
  // runc links libseccomp (its Makefile's `seccomp` build tag); pause is linked statically.
  await aptInstall([{ package: 'libseccomp-dev', probe: 'test -e /usr/include/seccomp.h' }], progress);
  const go = await goVersion();
  const kubernetes = await step(`Kubernetes ${KUBERNETES_VERSION} (the control plane's build)`, progress, () => ensureBinaries({ onProgress: progress }));
  const toolsBin = await step('kind and the node programs (Go modules)', progress, () => ensureGoTools(go, progress));
  const pause = await buildPause();
  const base = await step('Debian base image', progress, () => ensureBaseImage(progress));
  const nodeImage = await step('kind node image', progress, () =>
    ensureNodeImage(
      { kubernetesVersion: KUBERNETES_VERSION, base: base.tag, bin: { kubernetes: kubernetes.binDir, tools: toolsBin, pause }, keys: [kubernetes.key, basename(dirname(toolsBin)), basename(dirname(pause))] },
      progress,
    ),
  );
  progress(`node image ${nodeImage}`);
  return { docker, toolsBin, nodeImage, baseImage: base.tag, kubernetesBin: kubernetes.binDir };
}
