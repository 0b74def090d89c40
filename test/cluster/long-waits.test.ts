/**
 * Long waits talk: a wait that goes on says now and then how long it has waited of how long, and
 * what it last saw, instead of one line left alone until the deadline.
 */
import { describe, expect, inject, test } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { closedPort } from '../support/ping-server.js';
import { claimedDevnet } from './support/claimed-devnet.js';
import { devnetEnv } from './support/devnet-env.js';
import { controlPlaneStateDir, currentContext } from './support/kube.js';
import { appendPodLog } from './support/pod-logs.js';
import { unique } from '../support/names.js';

const kubeconfig = inject('kubeconfig');
const context = currentContext(kubeconfig);

describe('a wait that goes on', () => {
  test('up says how long it has waited for the Codex bootstrap address and how much the node has logged', { timeout: 120_000 }, async () => {
    const env = devnetEnv();
    const name = unique('wait');
    const args = ['-p', 'codex', '--set', `name=${name}`, '--set', 'codex.replicas=1', '--context', context, '--kubeconfig', kubeconfig];
    const up = env.devnet(['up', ...args, '--no-dashboard', '--skip-preflight', '--timeout', '40']);
    const kube = Kube.connect({ kubeconfig });
    const shared = `${name}-shared`;
    try {
      for (let i = 0; i < 300 && (await kube.get('v1', 'Pod', shared, 'bootstrap-0')) === undefined; i++) await new Promise((r) => setTimeout(r, 100));
      // The node starts and logs, but never its address.
      await appendPodLog(controlPlaneStateDir(), shared, 'bootstrap-0', 'bootstrap', ['INF Starting codex node', 'INF Discovery started']);
      const result = await up;
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/bootstrap-0: still waiting \(\d+s of 40s; bootstrap-0 has logged 2 lines\)/);
    } finally {
      await env.devnet(['down', ...args]);
    }
  });

  test('check says which assertion still waits and on what, instead of minutes of silence', { timeout: 60_000 }, async () => {
    const env = devnetEnv();
    const name = unique('wait');
    await claimedDevnet(name, 'substrate', { provider: 'existing', name: context }, 'profiles/substrate.yaml');
    const refused = await closedPort();
    const result = await env.devnet(['check', '-p', 'substrate', '--set', `name=${name}`, '--context', context, '--kubeconfig', kubeconfig, '--no-builtin', '--within', '15s', '--grpc', `127.0.0.1:${refused}`]);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(new RegExp(`gRPC health of 127\\.0\\.0\\.1:${refused}: still waiting \\(\\d+s of 15s; 127\\.0\\.0\\.1:${refused}: 14 UNAVAILABLE`));
  });
});
