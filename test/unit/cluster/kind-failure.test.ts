/**
 * What devnet keeps of kind's output when `kind create cluster` fails, for the shapes kind v0.33.0
 * prints: a command run in a node (kubeadm init), and an error of kind's own with no command.
 * The whole kubeadm case, as the fake kind prints it, is in test/integration/kind-create.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { parseCreateFailure } from '../../../src/cluster/kind-failure.js';

describe('a failed kind create, reduced to what a user acts on', () => {
  test('kubeadm failing in a node: kind\'s action, the node, the phase and the kubelet\'s own refusal', () => {
    const output = [
      'Creating cluster "ci" ...',
      ' ✗ Starting control-plane 🕹️',
      // kind colours ERROR when it believes stderr is a terminal (cmd/kind/app/main.go logError).
      '\u001b[31mERROR\u001b[0m: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged -e KUBECONFIG=/etc/kubernetes/admin.conf ci-control-plane kubeadm init --config=/kind/kubeadm.conf --skip-token-print --v=6" failed with error: exit status 1',
      '\u001b[31mCommand Output\u001b[0m: [init] Using Kubernetes version: v1.37.0',
      'E1205 09:12:02.318422     251 run.go:72] "command failed" err="failed to validate kubelet configuration, error: kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is unsupported and will be removed in a future release, path: &TypeMeta{Kind:,APIVersion:,}"',
      '[kubelet-check] The kubelet is not healthy after 4m0.0005s',
      'error: error execution phase wait-control-plane: failed while waiting for the kubelet to start: connection refused',
      'k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).Run.func1',
      '\tk8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow/runner.go:262',
    ].join('\n');
    expect(parseCreateFailure(output)).toEqual({
      error: 'failed to create cluster: failed to init node with kubeadm',
      node: 'ci-control-plane',
      phase: 'error execution phase wait-control-plane: failed while waiting for the kubelet to start: connection refused',
      kubelet: [
        'E1205 09:12:02.318422     251 run.go:72] "command failed" err="failed to validate kubelet configuration, error: kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is unsupported and will be removed in a future release, path: &TypeMeta{Kind:,APIVersion:,}"',
        '[kubelet-check] The kubelet is not healthy after 4m0.0005s',
      ],
    });
  });

  test('an error of kind\'s own (pkg/cluster/internal/create/create.go alreadyExists) is kept whole, with no node or phase', () => {
    const failure = parseCreateFailure('ERROR: failed to create cluster: node(s) already exist for a cluster with the name "ci"\n');
    expect(failure).toEqual({ error: 'failed to create cluster: node(s) already exist for a cluster with the name "ci"', node: undefined, phase: undefined, kubelet: [] });
  });

  test('output with no ERROR line at all: its last line, so the user still sees something true', () => {
    expect(parseCreateFailure('Creating cluster "ci" ...\nsignal: killed\n').error).toBe('signal: killed');
  });
});
