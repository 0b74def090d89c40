#!/usr/bin/env node
// A stand-in for the kind CLI, for machines without Docker. It records every call in $FAKE_LOG and
// keeps its "clusters" in $FAKE_KIND_STATE. Every cluster it "creates" is the test control plane:
// `kind get kubeconfig` answers with $FAKE_KIND_KUBECONFIG, its context renamed kind-<name>.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const args = process.argv.slice(2);
const stdin = args.includes('-') ? readFileSync(0, 'utf8') : '';
if (process.env.FAKE_LOG) appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool: 'kind', args, stdin })}\n`);

const stateFile = process.env.FAKE_KIND_STATE;
const clusters = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : [];
const save = () => stateFile && writeFileSync(stateFile, JSON.stringify(clusters));
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = flag('--name', 'kind');

function kubeconfig() {
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
  if (process.env.FAKE_KIND_FAIL_CREATE) {
    process.stderr.write(`ERROR: failed to create cluster: ${process.env.FAKE_KIND_FAIL_CREATE}\n`);
    process.exit(1);
  }
  parse(stdin); // the config must at least be YAML
  writeFileSync(flag('--kubeconfig'), kubeconfig(), { mode: 0o600 });
  clusters.push(name);
  save();
  process.stderr.write(`Creating cluster "${name}" ...\n`);
} else if (command === 'get kubeconfig') {
  if (!clusters.includes(name)) {
    process.stderr.write(`ERROR: could not locate any control plane nodes for cluster named '${name}'\n`);
    process.exit(1);
  }
  process.stdout.write(kubeconfig());
} else if (command === 'delete cluster') {
  const index = clusters.indexOf(name);
  if (index >= 0) clusters.splice(index, 1);
  save();
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
  writeFileSync(join(dir, 'docker-info.txt'), '{"CgroupDriver":"systemd","CgroupVersion":"2"}\n');
  writeFileSync(join(node, 'kubernetes-version.txt'), 'v1.37.0');
  writeFileSync(join(node, 'kubelet.log'), `-- kubelet of ${name}-control-plane --\nI1202 kubelet.go:1 "Started kubelet"\n`);
  writeFileSync(join(node, 'journal.log'), `-- journal of ${name}-control-plane --\n`);
  writeFileSync(join(node, 'containerd.log'), 'level=info msg="containerd successfully booted"\n');
  if (process.env.FAKE_KIND_POD_LOGS && existsSync(process.env.FAKE_KIND_POD_LOGS)) cpSync(process.env.FAKE_KIND_POD_LOGS, join(node, 'pods'), { recursive: true });
  process.stderr.write(`Exporting logs for cluster "${name}" to:\n`);
  process.stdout.write(`${dir}\n`);
} else if (command === 'load docker-image' || command === 'export kubeconfig') {
  if (!clusters.includes(name)) {
    process.stderr.write(`ERROR: no nodes found for cluster "${name}"\n`);
    process.exit(1);
  }
  if (command === 'export kubeconfig') exportKubeconfig();
} else {
  process.stderr.write(`fake kind: unsupported call: ${args.join(' ')}\n`);
  process.exit(1);
}
