#!/usr/bin/env node
// A stand-in for the kind CLI, for machines without Docker. It records every call in $FAKE_LOG and
// keeps its "clusters" in $FAKE_KIND_STATE. Every cluster it "creates" is the test control plane:
// `kind get kubeconfig` answers with $FAKE_KIND_KUBECONFIG, its context renamed kind-<name>.
// Like the real thing, creation fails when the node's kubelet would refuse to start: on a cgroup v1
// host ($FAKE_DOCKER_CGROUP=1, as the fake docker reports it) with a Kubernetes >= 1.35 node whose
// KubeletConfiguration, after the config's kubeadmConfigPatches, does not set failCgroupV1: false.
// It then prints what kind v0.33.0 prints (see kindCreateFailure) and, with --retain, keeps the node.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { loadMachine, saveMachine, writeWhole } from './machine.mjs';

const args = process.argv.slice(2);
const stdin = args.includes('-') ? readFileSync(0, 'utf8') : '';
if (process.env.FAKE_LOG) appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool: 'kind', args, stdin })}\n`);

const stateFile = process.env.FAKE_KIND_STATE;
const state = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
// Every cluster with nodes, and those whose creation failed (their nodes kept by --retain).
const clusters = Array.isArray(state) ? state : (state.clusters ?? []);
const failed = Array.isArray(state) ? [] : (state.failed ?? []);
// Each cluster's extraMounts, which the fake docker reads as the node's files (its registry hosts).
const mounts = Array.isArray(state) ? {} : (state.mounts ?? {});
const save = () => stateFile && writeWhole(stateFile, JSON.stringify({ clusters, failed, mounts }));
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = flag('--name', 'kind');

function kubeconfig() {
  // A node whose control plane never started still has admin.conf, but nothing answers at its server.
  if (failed.includes(name) || !process.env.FAKE_KIND_KUBECONFIG) return deadKubeconfig();
  const config = parse(readFileSync(process.env.FAKE_KIND_KUBECONFIG, 'utf8'));
  const context = `kind-${name}`;
  config.contexts = config.contexts.map((c) => ({ ...c, name: context }));
  config['current-context'] = context;
  return stringify(config);
}

// As kind does: merge the cluster's entries into the user's kubeconfig ($KUBECONFIG's first file,
// else ~/.kube/config) and make its context the current one.
function exportKubeconfig() {
  const target = process.env.KUBECONFIG?.split(':')[0] || `${process.env.HOME}/.kube/config`;
  const mine = parse(kubeconfig());
  const theirs = existsSync(target) ? parse(readFileSync(target, 'utf8')) ?? {} : {};
  for (const key of ['clusters', 'users', 'contexts']) {
    const names = new Set(mine[key].map((e) => e.name));
    theirs[key] = [...(theirs[key] ?? []).filter((e) => !names.has(e.name)), ...mine[key]];
  }
  theirs.apiVersion = 'v1';
  theirs.kind = 'Config';
  theirs['current-context'] = mine['current-context'];
  writeFileSync(target, stringify(theirs), { mode: 0o600 });
  process.stderr.write(`Set kubectl context to "kind-${name}"\n`);
}

const command = args.slice(0, 2).join(' ');
if (args[0] === 'version') {
  process.stdout.write(`kind v${process.env.FAKE_KIND_VERSION ?? '0.33.0'} go1.26.1 linux/amd64\n`);
} else if (command === 'get clusters') {
  if (clusters.length === 0) process.stderr.write('No kind clusters found.\n');
  else process.stdout.write(`${clusters.join('\n')}\n`);
} else if (command === 'create cluster') {
  if (clusters.includes(name)) {
    process.stderr.write(`ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"\n`);
    process.exit(1);
  }
  const config = parse(stdin) ?? {}; // the config must at least be YAML
  process.stderr.write(`Creating cluster "${name}" ...\n`);
  if (kubeletRefusesCgroupV1(config)) {
    const retain = args.includes('--retain');
    if (retain) {
      clusters.push(name);
      failed.push(name);
      save();
    }
    process.stderr.write(kindCreateFailure(config, retain));
    process.exit(1);
  }
  writeFileSync(flag('--kubeconfig'), kubeconfig(), { mode: 0o600 });
  clusters.push(name);
  mounts[name] = (config.nodes ?? [])[0]?.extraMounts ?? [];
  save();
} else if (command === 'get kubeconfig') {
  if (!clusters.includes(name)) {
    process.stderr.write(`ERROR: could not locate any control plane nodes for cluster named '${name}'\n`);
    process.exit(1);
  }
  process.stdout.write(kubeconfig());
} else if (command === 'delete cluster') {
  for (const list of [clusters, failed]) if (list.includes(name)) list.splice(list.indexOf(name), 1);
  delete mounts[name];
  save();
  const machine = loadMachine();
  delete machine.nodes[`${name}-control-plane`];
  saveMachine(machine);
  process.stderr.write(`Deleting cluster "${name}" ...\n`);
} else if (command === 'export logs') {
  // As kind v0.31.0 does (pkg/cmd/kind/export/logs/logs.go, pkg/cluster/provider.go): the directory
  // on stdout, the message on stderr, kind-version.txt, docker-info.txt and a directory per node
  // with its journal, kubelet and containerd logs and /var/log (here: the pod logs of
  // $FAKE_KIND_POD_LOGS, the control plane's, as /var/log/pods would hold them).
  if (!clusters.includes(name)) {
    process.stderr.write(`ERROR: unknown cluster "${name}"\n`);
    process.exit(1);
  }
  const dir = args[2] && !args[2].startsWith('-') ? args[2] : mkdtempSync(join(tmpdir(), 'kind-logs-'));
  const node = join(dir, `${name}-control-plane`);
  mkdirSync(node, { recursive: true });
  writeFileSync(join(dir, 'kind-version.txt'), `kind v${process.env.FAKE_KIND_VERSION ?? '0.33.0'} go1.26.1 linux/amd64`);
  writeFileSync(join(dir, 'docker-info.txt'), `{"CgroupDriver":"systemd","CgroupVersion":"${process.env.FAKE_DOCKER_CGROUP ?? '2'}"}\n`);
  writeFileSync(join(node, 'kubernetes-version.txt'), 'v1.37.0');
  writeFileSync(join(node, 'kubelet.log'), failed.includes(name) ? kubeletRefuses(`${name}-control-plane`) : `-- kubelet of ${name}-control-plane --\nI1202 kubelet.go:1 "Started kubelet"\n`);
  writeFileSync(join(node, 'journal.log'), `-- journal of ${name}-control-plane --\n`);
  writeFileSync(join(node, 'containerd.log'), 'level=info msg="containerd successfully booted"\n');
  if (process.env.FAKE_KIND_POD_LOGS && existsSync(process.env.FAKE_KIND_POD_LOGS)) cpSync(process.env.FAKE_KIND_POD_LOGS, join(node, 'pods'), { recursive: true });
  process.stderr.write(`Exporting logs for cluster "${name}" to:\n`);
  process.stdout.write(`${dir}\n`);
} else if (command === 'get nodes') {
  if (clusters.includes(name)) process.stdout.write(`${name}-control-plane\n`);
  else process.stderr.write(`No kind nodes found for cluster "${name}".\n`);
} else if (command === 'load docker-image' || command === 'export kubeconfig') {
  if (!clusters.includes(name)) {
    process.stderr.write(`ERROR: no nodes found for cluster "${name}"\n`);
    process.exit(1);
  }
  if (command === 'export kubeconfig') exportKubeconfig();
  // kind saves the images from Docker and imports them into every node's containerd.
  else {
    const machine = loadMachine();
    const node = (machine.nodes[`${name}-control-plane`] ??= []);
    for (const image of args.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--name')) if (!node.includes(image)) node.push(image);
    saveMachine(machine);
  }
} else {
  process.stderr.write(`fake kind: unsupported call: ${args.join(' ')}\n`);
  process.exit(1);
}

/**
 * Whether the node's kubelet would refuse the host: the kubelet's failCgroupV1 defaults to true from
 * Kubernetes 1.35 (k8s.io/kubernetes v1.37.0 pkg/kubelet/apis/config/v1beta1/defaults.go:291) and
 * kind applies kubeadmConfigPatches as merge patches to the documents of the same kind, cluster
 * patches before node patches (kind v0.33.0 pkg/cluster/internal/create/actions/config/config.go).
 */
function kubeletRefusesCgroupV1(config) {
  if ((process.env.FAKE_DOCKER_CGROUP ?? '2') !== '1') return false;
  const node = (config.nodes ?? []).find((n) => n.role === 'control-plane') ?? {};
  const minor = Number(/:v1\.(\d+)\./.exec(node.image ?? 'kindest/node:v1.37.0')?.[1] ?? 37);
  let fail = minor >= 35;
  for (const patch of [...(config.kubeadmConfigPatches ?? []), ...(node.kubeadmConfigPatches ?? [])]) {
    for (const doc of parseAllDocuments(patch).map((d) => d.toJS())) {
      if (doc?.kind === 'KubeletConfiguration' && typeof doc.failCgroupV1 === 'boolean') fail = doc.failCgroupV1;
    }
  }
  return fail;
}

/**
 * What kind v0.33.0 prints when kubeadm init fails because the kubelet never answers: its status
 * lines, the ERROR line of cmd/kind/app/main.go logError with the RunError of pkg/exec/types.go,
 * then "Command Output:" and kubeadm's combined output at --v=6, which ends in the phase error and
 * a Go stack trace (k8s.io/kubernetes v1.37.0 cmd/kubeadm/app/util/apiclient/wait.go,
 * cmd/kubeadm/app/cmd/phases/workflow/runner.go:262, cmd/kubeadm/app/util/errors/errors.go).
 */
function kindCreateFailure(config, retain) {
  const image = (config.nodes ?? [])[0]?.image ?? 'kindest/node:v1.37.0';
  const node = `${name}-control-plane`;
  return [
    ` • Ensuring node image (${image}) 🖼  ...`,
    ` ✓ Ensuring node image (${image}) 🖼`,
    ' • Preparing nodes 📦   ...',
    ' ✓ Preparing nodes 📦 ',
    ' • Writing configuration 📜  ...',
    ' ✓ Writing configuration 📜',
    ' • Starting control-plane 🕹️  ...',
    ' ✗ Starting control-plane 🕹️',
    ...(retain ? [] : [`Deleting cluster "${name}" ...`]),
    `ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged ${node} kubeadm init --config=/kind/kubeadm.conf --skip-token-print --v=6" failed with error: exit status 1`,
    '',
    'Command Output: I1205 09:12:01.100226     198 initconfiguration.go:261] loading configuration from "/kind/kubeadm.conf"',
    '[init] Using Kubernetes version: v1.37.0',
    '[certs] Using certificateDir folder "/etc/kubernetes/pki"',
    '[kubeconfig] Writing "admin.conf" kubeconfig file',
    '[control-plane] Creating static Pod manifest for "kube-apiserver"',
    '[kubelet-start] Starting the kubelet',
    '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"',
    '[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s',
    'I1205 09:12:02.412009     198 round_trippers.go:632] "Response" verb="GET" url="http://127.0.0.1:10248/healthz" status="" milliseconds=0',
    '[kubelet-check] The kubelet is not healthy after 4m0.000498231s',
    '',
    'Unfortunately, an error has occurred, likely caused by:',
    '\t- The kubelet is not running',
    '\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)',
    '',
    'If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:',
    "\t- 'systemctl status kubelet'",
    "\t- 'journalctl -xeu kubelet'",
    '',
    `error: error execution phase wait-control-plane: failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused`,
    '',
    'k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).Run.func1',
    '\tk8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow/runner.go:262',
    'k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).visitAll',
    '\tk8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow/runner.go:450',
    'k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).Run',
    '\tk8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow/runner.go:234',
    'k8s.io/kubernetes/cmd/kubeadm/app/cmd.newCmdInit.func1',
    '\tk8s.io/kubernetes/cmd/kubeadm/app/cmd/init.go:134',
    'runtime.goexit',
    '\truntime/asm_amd64.s:1771',
    '',
  ].join('\n');
}

// The kubelet's journal on such a node (k8s.io/component-base v0.37.0 cli/run.go:72, k8s.io/kubernetes
// v1.37.0 cmd/kubelet/app/server.go:266, pkg/kubelet/apis/config/validation/validation_linux.go:36).
function kubeletRefuses(node) {
  return [
    `Dec 05 09:12:02 ${node} systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`,
    `Dec 05 09:12:02 ${node} kubelet[251]: E1205 09:12:02.318422     251 run.go:72] "command failed" err="failed to validate kubelet configuration, error: kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is unsupported and will be removed in a future release, path: &TypeMeta{Kind:,APIVersion:,}"`,
    `Dec 05 09:12:02 ${node} systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE`,
    '',
  ].join('\n');
}

function deadKubeconfig() {
  const context = `kind-${name}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server: 'https://127.0.0.1:2', 'insecure-skip-tls-verify': true } }],
    users: [{ name: context, user: { token: 'fake' } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  });
}
