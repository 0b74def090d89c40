/**
 * Which devnet a command means: the one named, or the one `up` last brought up here; and when the
 * one meant is not there, which devnets are, with the command that reaches one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { claimedDevnet } from './support/claimed-devnet.js';
import { devnetEnv } from './support/devnet-env.js';
import { unique } from '../support/names.js';
import { currentContext } from './support/kube.js';

const kubeconfig = inject('kubeconfig');
const context = currentContext(kubeconfig);

describe('a devnet that is not there', () => {
  test('status in a context without it names the devnets that are there and how to reach one, exit 1', async () => {
    const env = devnetEnv();
    const substrate = unique('sub');
    const codex = unique('cdx');
    await claimedDevnet(substrate, 'substrate', { provider: 'existing', name: context }, 'profiles/substrate.yaml');
    await claimedDevnet(codex, 'codex', { provider: 'existing', name: context }, 'profiles/codex.yaml');
    const bundle = join(env.home, 'linera.tar.gz');
    for (const args of [['status'], ['status', '-o', 'json'], ['logs'], ['health', '-p', 'substrate', '--set', `name=${unique('ghost')}`], ['bundle', '--out', bundle]]) {
      const result = await env.devnet([...args, '--context', context, '--kubeconfig', kubeconfig]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`There is no devnet (linera|ghost-[0-9a-f]+) in context ${context}\\.`));
      expect(result.stderr).toContain(`${substrate} (substrate)`);
      expect(result.stderr).toContain(`${codex} (codex)`);
      expect(result.stdout).toBe('');
    }
    // A bundle of nothing is not written, and not reported as done.
    expect(existsSync(bundle)).toBe(false);
    // The hint runs as printed: it reaches one of them.
    const failed = await env.devnet(['status', '--context', context, '--kubeconfig', kubeconfig]);
    const hint = /hint (devnet status .*?) for /.exec(failed.stderr)?.[1] ?? '';
    expect(hint).toMatch(/^devnet status -p (substrate|codex) --set name=(sub|cdx)-[0-9a-f]+ --context /);
    const followed = await env.devnet(hint.split(' ').slice(1));
    expect(followed.code, followed.stderr).toBe(0);
  });

  test('a profile never brought up is not shown as rows "not created yet"', async () => {
    const env = devnetEnv();
    const result = await env.devnet(['status', '-p', 'substrate', '--set', `name=${unique('ghost')}`, '--context', context, '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('not created yet');
  });
});

describe('without -p', () => {
  test('commands take the devnet up last brought up here, say so, and down forgets it', { timeout: 180_000 }, async () => {
    const env = devnetEnv();
    const name = unique('last');
    const args = ['-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=1', '--set', 'substrate.ports.p2p.nodePort.base=31600', '--set', 'substrate.ports.rpc.nodePort.base=31650'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args]);
    });
    const up = await env.devnet(['up', ...args, '--no-dashboard']);
    expect(up.code, up.stderr).toBe(0);

    const status = await env.devnet(['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain(`Using devnet ${name}, the last one brought up here; -p chooses another.`);
    expect(status.stdout).toContain(`${name} (substrate, context kind-${name})`);

    const down = await env.devnet(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`Removed devnet ${name}`);
    // Gone, and no longer the default: the default profile's cluster is not there either.
    const after = await env.devnet(['status']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('There is no kind cluster linera, so no devnet linera.');
  });
});
