/**
 * The kind node image of the test machines, assembled the way kind's own node-image builder does it
 * (sigs.k8s.io/kind v0.33.0 pkg/build/nodeimage/buildcontext.go): a base with kind's node files
 * (images/base/files, read as data from kind's module), containerd, runc, crictl and the CNI plugins;
 * Kubernetes' binaries in /usr/bin; the images kubeadm needs imported into containerd inside a build
 * container; then committed with kind's entrypoint. Nothing is pulled: every piece was built here.
 *
 * Two adaptations to this machine, both inside the node: runc-capfit in front of runc (the host's
 * bounding set lacks CAP_SYS_RESOURCE, and kube-proxy's pod is privileged), and containerd's
 * restrict_oom_score_adj (runc init may not raise oom_score_adj here: "failed to update
 * /proc/self/oom_score_adj: Permission denied").
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { contentKey } from './cache.js';
import { buildComponentImages, requiredImages, type Binaries } from './component-images.js';
import { dockerBuild, imageExists, removeOtherTags, type ContextFiles } from './docker-build.js';
import { GO_TOOLS, KIND_VERSION } from './go-tools.js';
import { run, step, type Say } from './run.js';
import { buildRuntimeWrapper } from './runtime-wrapper.js';

const NODE_FILES = fileURLToPath(new URL('../node', import.meta.url));
/** The recipe's own code: a change to how the image is made makes a new image. */
const BUILD_SOURCES = ['node-image.ts', 'component-images.ts', 'docker-build.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

export interface NodeImageInputs {
  kubernetesVersion: string;
  base: string;
  bin: Binaries;
  /** Keys of the builds the binaries came from: the image is rebuilt when one changes. */
  keys: string[];
}

export async function ensureNodeImage(inputs: NodeImageInputs, progress: Say): Promise<string> {
  const kindFiles = await kindModuleFiles();
  const ours = await filesUnder(NODE_FILES);
  const recipe = contentKey(
    inputs.keys,
    inputs.base,
    inputs.kubernetesVersion,
    GO_TOOLS,
    await contents(BUILD_SOURCES, ours, NODE_FILES),
    await contents(kindFiles.files, [], kindFiles.root),
  );
  const tag = `devnet.local/kind-node:${inputs.kubernetesVersion}-${recipe}`;
  if (await imageExists(tag)) return tag;

  const baseTag = `devnet.local/kind-node-base:${recipe}`;
  const wrapper = await buildRuntimeWrapper('/usr/local/sbin/runc.real', progress);
  await step('docker build the node base', progress, () => dockerBuild(baseTag, nodeDockerfile(inputs), nodeContext(inputs, kindFiles, ours, wrapper)));
  const sandbox = sandboxImage(await readFile(join(kindFiles.root, 'etc/containerd/config.toml'), 'utf8'));
  const images = await requiredImages(join(inputs.bin.kubernetes, 'kubeadm'), inputs.kubernetesVersion, sandbox);
  const tags = await step('docker build the component images', progress, () => buildComponentImages(inputs.base, images, inputs.bin, progress));
  await step(`import ${tags.length} images into the node's containerd and commit ${tag}`, progress, () => commitWithImages(baseTag, tags, tag));
  await run('docker', ['image', 'rm', baseTag]);
  await removeOtherTags(tag);
  return tag;
}

function nodeDockerfile(inputs: NodeImageInputs): string {
  const wanted = '/lib/systemd/system';
  return `FROM ${inputs.base}
COPY kind/ /
COPY bin/ /usr/local/bin/
COPY sbin/ /usr/local/sbin/
COPY cni/ /opt/cni/bin/
COPY kube/ /usr/bin/
COPY node/10-devnet-test.conflist /etc/cni/net.d/
COPY node/default-cni.yaml node/default-storage.yaml /kind/manifests/
RUN chmod 0755 /usr/local/bin/* /usr/local/sbin/* /kind/bin/* /opt/cni/bin/* /usr/bin/kube* \\
 && find /etc/systemd /etc/containerd /etc/default /etc/sysctl.d /etc/cni /kind -type f ! -path '/kind/bin/*' -exec chmod 0644 {} + \\
 && chmod 0755 /kind /kind/bin \\
 && find ${wanted}/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete \\
 && rm -f ${wanted}/multi-user.target.wants/* /etc/systemd/system/*.wants/* ${wanted}/local-fs.target.wants/* \\
 && rm -f ${wanted}/sockets.target.wants/*udev* ${wanted}/sockets.target.wants/*initctl* ${wanted}/basic.target.wants/* \\
 && echo ReadKMsg=no >> /etc/systemd/journald.conf \\
 && ln -sf /usr/lib/systemd/systemd /sbin/init \\
 && systemctl enable kubelet.service containerd.service undo-mount-hacks.service \\
 && systemctl mask systemd-binfmt.service \\
 && mkdir -p /etc/kubernetes/manifests \\
 && sed -i 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' /etc/containerd/config.toml \\
 && grep -q 'restrict_oom_score_adj = true' /etc/containerd/config.toml \\
 && ctr oci spec | jq '.hooks.createContainer += [{"path": "/kind/bin/mount-product-files.sh"}] | del(.process.rlimits)' > /etc/containerd/cri-base.json \\
 && echo ${inputs.kubernetesVersion} > /kind/version
ENV container=docker
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]
`;
}

function nodeContext(inputs: NodeImageInputs, kind: { root: string; files: string[] }, ours: string[], wrapper: string): ContextFiles {
  const files: ContextFiles = {};
  for (const file of kind.files) files[join('kind', relative(kind.root, file))] = file;
  for (const file of ours) files[join('node', relative(NODE_FILES, file))] = file;
  for (const name of ['containerd', 'ctr', 'containerd-shim-runc-v2', 'crictl']) files[`bin/${name}`] = join(inputs.bin.tools, name);
  files['sbin/runc.real'] = join(inputs.bin.tools, 'runc');
  files['sbin/runc'] = wrapper;
  for (const name of ['host-local', 'loopback', 'ptp', 'portmap']) files[`cni/${name}`] = join(inputs.bin.tools, name);
  for (const name of ['kubeadm', 'kubelet', 'kubectl']) files[`kube/${name}`] = join(inputs.bin.kubernetes, name);
  return files;
}

/** containerd's sandbox image, as kind's builder reads it from the node's config (findSandboxImage). */
export function sandboxImage(config: string): string {
  const image = /^\s*sandbox_image\s*=\s*"([^"]+)"/m.exec(config)?.[1];
  if (image === undefined) throw new Error('kind\'s containerd config names no sandbox_image');
  return image;
}

/** Imports the images into containerd in a build container, then commits it as the node image. */
async function commitWithImages(baseTag: string, images: string[], tag: string): Promise<void> {
  // --init: containerd, stopped below, must be reaped for the wait to see it gone.
  const id = (await run('docker', ['run', '-d', '--init', '--entrypoint', 'sleep', '--security-opt', 'seccomp=unconfined', baseTag, 'infinity'])).trim();
  try {
    await run('docker', ['exec', id, 'bash', '-c', 'nohup containerd > /var/log/containerd-build.log 2>&1 &']);
    await run('docker', ['exec', id, 'bash', '-c', 'for i in $(seq 50); do ctr version >/dev/null 2>&1 && exit 0; sleep 0.2; done; cat /var/log/containerd-build.log; exit 1']);
    // One archive for all: layers the images share (the Debian base) are imported once.
    const save = execa('docker', ['save', ...images], { buffer: false, stderr: 'pipe' });
    const load = save.pipe('docker', ['exec', '-i', id, 'ctr', '--namespace=k8s.io', 'images', 'import', '--label=io.cri-containerd.pinned=pinned', '--all-platforms', '--no-unpack', '--digests', '-'], {
      reject: false,
      all: true,
    });
    const imported = await load;
    if (imported.exitCode !== 0) throw new Error(`importing the images into the node's containerd failed:\n${String(imported.all ?? '').slice(-4000)}`);
    const listed = await run('docker', ['exec', id, 'ctr', '--namespace=k8s.io', 'images', 'list', '-q']);
    const absent = images.filter((image) => !listed.split('\n').includes(normalise(image)));
    if (absent.length > 0) throw new Error(`containerd in the node did not list ${absent.join(', ')} after the import:\n${listed}`);
    await run('docker', ['exec', id, 'bash', '-c', 'pkill containerd; while pgrep -x containerd >/dev/null; do sleep 0.2; done; rm -f /var/log/containerd-build.log']);
    await run('docker', ['commit', '--change', 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]', id, tag]);
  } finally {
    await run('docker', ['rm', '-f', '-v', id]).catch(() => undefined);
  }
}

/** containerd names images in full: `docker.io/library/x:tag` for `x:tag`. */
function normalise(image: string): string {
  const first = image.split('/')[0]!;
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

async function kindModuleFiles(): Promise<{ root: string; files: string[] }> {
  const { stdout } = await execa('go', ['mod', 'download', '-json', `sigs.k8s.io/kind@${KIND_VERSION}`], { env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } });
  const root = join((JSON.parse(stdout) as { Dir: string }).Dir, 'images', 'base', 'files');
  return { root, files: await filesUnder(root) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** Files' names (relative, so every clone gets the same key) and contents. */
async function contents(sources: string[], more: string[], root: string): Promise<string[]> {
  const named = [...sources.map((f) => [f.split('/').pop()!, f]), ...more.map((f) => [relative(root, f), f])];
  return Promise.all(named.map(async ([name, file]) => `${name}\0${await readFile(file!, 'utf8')}`));
}
