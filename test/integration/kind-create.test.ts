/**
 * When `kind create cluster` fails. The fake kind fails the way kind v0.33.0 does when the node's
 * kubelet refuses a cgroup v1 host (kubeadm init stops in wait-control-plane, then kind prints the
 * command's whole output and kubeadm's Go stack trace). Here the profile's own base config keeps
 * failCgroupV1: true, so devnet leaves it as it is and says so. devnet must show the lines that
 * matter, keep the node (--retain) for the bundle and `kind export logs`, say what to do, and let
 * `down --cluster` remove it. No API server is involved: everything happens before one would answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBin, type FakeBin } from '../support/fake-bin.js';
import { runCli } from '../support/run-cli.js';
import { unpack } from '../support/tarball.js';

let home: string;
let bin: FakeBin;
let args: string[];
/** The flags as every hint repeats them, so each runs as printed. */
let flags: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'devnet-kind-create-'));
  const base = join(home, 'strict-kubelet.yaml');
  writeFileSync(base, ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'kubeadmConfigPatches:', '  - |', '    kind: KubeletConfiguration', '    failCgroupV1: true', 'nodes:', '  - role: control-plane', ''].join('\n'));
  bin = fakeBin(['docker', 'kind'], {
    FAKE_DOCKER_CGROUP: '1',
    FAKE_KIND_STATE: join(home, 'kind-clusters.json'),
    DEVNET_STATE_DIR: join(home, 'state'),
    DEVNET_CACHE_DIR: join(home, 'cache'),
  });
  args = ['-p', 'substrate', '--set', `cluster.base=${base}`];
  flags = args.join(' ');
});
afterEach(() => {
  bin.cleanup();
  rmSync(home, { recursive: true, force: true });
});

const devnet = (command: string[]) => runCli([...command, ...args], { env: bin.env, cwd: home });
const kindCalls = () => bin.calls('kind').map((c) => c.args.slice(0, 2).join(' '));

describe('a kind create that fails', () => {
  test('shows kind\'s error, kubeadm\'s phase and the kubelet\'s verdict, not the stack trace; keeps the node and says what to do', async () => {
    const { code, stderr } = await devnet(['up', '--skip-preflight', '--no-dashboard']);
    expect(code).toBe(3);
    expect(stderr).toContain('the Docker host uses cgroup v1; the base kind config sets the kubelet\'s failCgroupV1 itself, so devnet adds nothing');
    expect(stderr).toContain('error kind could not create cluster substrate: failed to init node with kubeadm.\n');
    expect(stderr).toContain(
      "  error execution phase wait-control-plane: failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get \"http://127.0.0.1:10248/healthz\": dial tcp 127.0.0.1:10248: connect: connection refused\n",
    );
    expect(stderr).toContain('  [kubelet-check] The kubelet is not healthy after 4m0.000498231s\n');
    expect(stderr).toContain('  the node container substrate-control-plane is kept, so its logs can be read\n');
    expect(stderr).toContain(
      `hint read the kubelet's log with docker exec substrate-control-plane journalctl -u kubelet.service --no-pager | tail -n 40, or collect every log of the node with devnet bundle ${flags} (kind export logs --name substrate); then remove the node with devnet down --cluster ${flags}`,
    );
    expect(stderr).not.toMatch(/runner\.go|Command Output|goexit/);
    expect(bin.calls('kind').find((c) => c.args[0] === 'create')?.args).toContain('--retain');
    expect(kindCalls()).not.toContain('delete cluster');
  });

  test('the kept node: up refuses it and --recreate replaces it, status says no devnet is there, bundle collects its logs, down leaves it, down --cluster removes it', async () => {
    expect((await devnet(['up', '--skip-preflight', '--no-dashboard'])).code).toBe(3);

    const again = await devnet(['up', '--skip-preflight', '--no-dashboard']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('error The kind cluster substrate is what is left of a creation that failed; devnet cannot use it.');
    expect(again.stderr).toContain(`read its logs (devnet bundle ${flags}), then remove it with devnet down --cluster ${flags}, or run devnet up --recreate ${flags} to delete it and try again`);
    expect(kindCalls().filter((c) => c === 'create cluster')).toHaveLength(1);

    const retried = await devnet(['up', '--recreate', '--skip-preflight', '--no-dashboard']);
    expect(retried.code).toBe(3);
    expect(retried.stderr).toContain('deleting kind cluster substrate, kept after its creation failed, to create it again');
    expect(retried.stderr).toContain('error kind could not create cluster substrate: failed to init node with kubeadm.');
    expect(kindCalls().filter((c) => c === 'delete cluster' || c === 'create cluster')).toEqual(['create cluster', 'delete cluster', 'create cluster']);

    // No devnet ever ran there: the commands that read one say so, and what can be done with the node.
    const status = await devnet(['status']);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('error There is no devnet substrate: kind cluster substrate is a node kept after its creation failed.');
    expect(status.stderr).toContain(`hint devnet bundle ${flags} collects its logs; devnet down --cluster ${flags} removes it, or devnet up --recreate ${flags} creates it again`);

    const archive = join(home, 'bundle.tar.gz');
    const bundled = await devnet(['bundle', '--out', archive]);
    expect(bundled.code, bundled.stderr).toBe(0);
    const files = await unpack(archive);
    const kubelet = [...files].find(([path]) => path.endsWith('kind/substrate-control-plane/kubelet.log'))?.[1];
    expect(kubelet).toContain('kubelet is configured to not run on a host using cgroup v1');
    expect([...files].find(([path]) => path.endsWith('README.txt'))?.[1]).toContain('kind cluster substrate never finished creating: kind could not create cluster substrate: failed to init node with kubeadm.');

    const down = await devnet(['down']);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`Nothing of the devnet to remove: kind cluster substrate is a node kept after its creation failed; devnet down --cluster ${flags} removes it.`);
    expect(kindCalls().filter((c) => c === 'delete cluster')).toHaveLength(1);

    const removed = await devnet(['down', '--cluster']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Deleted the kind cluster substrate, the node kept after its creation failed.');
    expect(kindCalls().filter((c) => c === 'delete cluster')).toHaveLength(2);
    const after = await devnet(['down', '--cluster']);
    expect(after.stdout).toContain('Nothing to remove: the cluster of devnet substrate does not exist.');
  });
});
