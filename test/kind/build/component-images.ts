/**
 * The images a kind node needs before it can run anything, built from binaries compiled on this
 * machine: the ones `kubeadm config images list` names for the pinned Kubernetes (API server,
 * controller manager, scheduler, kube-proxy, etcd, coredns, pause), the sandbox image containerd's
 * config names, and the local-path provisioner and its helper (the node's default StorageClass).
 * Each is the Debian base with one program where the real image has it.
 */
import { join } from 'node:path';
import { dockerBuild } from './docker-build.js';
import { run, type Say } from './run.js';

export interface Binaries {
  /** The control plane build: kube-apiserver, kubeadm, etcd, … */
  kubernetes: string;
  /** The Go tools build: coredns, local-path-provisioner, … */
  tools: string;
  /** The pause program. */
  pause: string;
}

interface Program {
  path: string;
  source: string;
  entrypoint?: string[];
}

/** Where each image repository's program comes from, keyed by the repository's last path element. */
function program(repository: string, bin: Binaries): Program | undefined {
  const k8s = (name: string): Program => ({ path: `/usr/local/bin/${name}`, source: join(bin.kubernetes, name) });
  switch (repository) {
    case 'kube-apiserver':
    case 'kube-controller-manager':
    case 'kube-scheduler':
    case 'kube-proxy':
    case 'etcd':
      return k8s(repository);
    // The coredns Deployment kubeadm makes passes only args (-conf …): the image's entrypoint is /coredns.
    case 'coredns':
      return { path: '/coredns', source: join(bin.tools, 'coredns'), entrypoint: ['/coredns'] };
    case 'pause':
      return { path: '/pause', source: bin.pause, entrypoint: ['/pause'] };
    default:
      return undefined;
  }
}

/** kubeadm's list for the pinned version, plus containerd's sandbox image when it differs. */
export async function requiredImages(kubeadm: string, kubernetesVersion: string, sandboxImage: string): Promise<string[]> {
  const listed = (await run(kubeadm, ['config', 'images', 'list', '--kubernetes-version', kubernetesVersion])).trim().split('\n');
  return [...new Set([...listed.map((line) => line.trim()).filter(Boolean), sandboxImage])];
}

/** Builds every image the node must hold; returns their tags. */
export async function buildComponentImages(base: string, images: string[], bin: Binaries, progress: Say): Promise<string[]> {
  const tags: string[] = [];
  for (const image of images) {
    const repository = image.split('@')[0]!.replace(/:[^/:]+$/, '').split('/').pop()!;
    const found = program(repository, bin);
    if (found === undefined) throw new Error(`kubeadm lists ${image}, and the kind tier does not know which program it holds.`);
    await buildOne(image, base, found);
    tags.push(image);
  }
  const provisioner = 'devnet.local/local-path-provisioner:v0.0.30';
  await buildOne(provisioner, base, { path: '/usr/local/bin/local-path-provisioner', source: join(bin.tools, 'local-path-provisioner') });
  // The helper pod runs the ConfigMap's setup and teardown scripts: sh, mkdir and rm, all in the base.
  const helper = 'devnet.local/local-path-helper:bookworm';
  await dockerBuild(helper, `FROM ${base}\n`, {});
  progress(`component images: ${[...tags, provisioner, helper].join(', ')}`);
  return [...tags, provisioner, helper];
}

async function buildOne(tag: string, base: string, p: Program): Promise<void> {
  const lines = [`FROM ${base}`, `COPY program ${p.path}`, ...(p.entrypoint === undefined ? [] : [`ENTRYPOINT ${JSON.stringify(p.entrypoint)}`])];
  await dockerBuild(tag, `${lines.join('\n')}\n`, { program: p.source });
}
