/**
 * devnet check against devnets deployed by up on the test control plane. The nodes' HTTP APIs
 * answer through the API server's pod proxy (support/pod-network.ts) with the behaviour of the real
 * programs (support/nodes.ts); pod logs are written the way KWOK serves them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { junitProblems } from '../support/junit-schema.js';
import type { Json } from '../support/objects.js';
import { devnetEnv, type DevnetEnv } from './support/devnet-env.js';
import { grpcHealthServer } from '../support/grpc-health.js';
import { closedPort } from '../support/ping-server.js';
import { controlPlaneStateDir, currentContext } from './support/kube.js';
import { Chain, codexApi, CodexNetwork, codexNode, substrateMetrics, substrateRpc } from './support/nodes.js';
import { podNetwork, type PodNetwork } from './support/pod-network.js';
import { appendPodLog } from './support/pod-logs.js';
import { unique } from '../support/names.js';


/** A grpc.health.v1 server on a free port, stopped when the test finishes; its port. */
async function healthServerPort(status: 'SERVING' | 'NOT_SERVING'): Promise<number> {
  const server = await grpcHealthServer(status);
  onTestFinished(() => server.stop());
  return server.port;
}

async function substrateDevnet(env: DevnetEnv, name: string): Promise<string[]> {
  const args = ['-p', 'substrate', '--set', `name=${name}`, '--set', 'substrate.replicas=1', '--validators', '2', '--seed', 'ci'];
  onTestFinished(async () => {
    await env.devnet(['down', ...args]);
  });
  const up = await env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
  expect(up.code, up.stderr).toBe(0);
  return args;
}

/** Both nodes answer JSON-RPC on 9944 and /metrics on 9615, from one chain. */
async function serveChain(net: PodNetwork, name: string, chain: Chain, peers = 1): Promise<void> {
  for (const v of [0, 1]) {
    await net.serve(`${name}-val-${v}`, 'node-0', 9944, substrateRpc(chain, { peers: () => peers }));
    await net.serve(`${name}-val-${v}`, 'node-0', 9615, substrateMetrics(chain, () => peers));
  }
}

describe('built-in checks of a substrate devnet', () => {
  test('pass while blocks are authored and finalised on every connected node; fail naming the nodes when finality stalls', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('chk');
    const args = await substrateDevnet(env, name);
    const chain = new Chain(5, 3, 'live');
    await serveChain(net, name, chain);

    const passed = await env.devnet(['check', ...args]);
    expect(passed.code, passed.stderr + passed.stdout).toBe(0);
    expect(passed.stdout).toContain('✔ blocks are authored and finalised (best block ≥ 3 and finalized block ≥ 1 on every node, both advancing)');
    expect(passed.stdout).toMatch(/seen: validator-0\/node-0: best #\d+, finalized #\d+, validator-1\/node-0: best #\d+, finalized #\d+/);
    expect(passed.stdout).toContain('✔ nodes are connected (every node has at least 1 peer (2 nodes))');
    expect(passed.stdout).toContain('2 passed, 0 failed');
    expect(net.log).toContain(`${name}-val-1/node-0:9944 POST /`);

    // GRANDPA short of votes: blocks keep coming, the finalized one stays where it was.
    chain.progress = 'finality-stalled';
    const stalledAt = chain.finalized;
    const stalled = await env.devnet(['check', ...args, '--set', 'checks.builtin.within=3s']);
    expect(stalled.code).toBe(6);
    expect(stalled.stdout).toContain('✘ blocks are authored and finalised');
    expect(stalled.stdout).toContain('expected: best block ≥ 3 and finalized block ≥ 1 on every node, both advancing, within 3s');
    expect(stalled.stdout).toMatch(new RegExp(`seen: +validator-0/node-0: best #\\d+, finalized #${stalledAt} \\(no block finalised since #${stalledAt}\\); validator-1/node-0: best #\\d+, finalized #${stalledAt} \\(no block finalised since #${stalledAt}\\)`));
    expect(stalled.stdout).toContain('look:     devnet logs node');
    expect(stalled.stderr).toContain(`1 of 2 assertions about devnet ${name} failed.`);
  });
});

describe('declared assertions', () => {
  test('a log line, a metric, an HTTP probe and a gRPC health probe pass when the devnet shows them', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('chk');
    const args = await substrateDevnet(env, name);
    await serveChain(net, name, new Chain(7, 4));
    for (const v of [0, 1]) await appendPodLog(controlPlaneStateDir(), `${name}-val-${v}`, 'node-0', 'node', ['🏆 Imported #7 (0x8a1c…f3e2 → 0x5b7d…0c19)']);
    const grpc = await healthServerPort('SERVING');

    const result = await env.devnet([
      'check', ...args, '--no-builtin',
      '--log', 'node:Imported #[0-9]+',
      '--metric', 'node:substrate_block_height{status="finalized"} >= 2',
      '--http', 'node:metrics/metrics',
      '--grpc', `127.0.0.1:${grpc}`,
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('✔ node logs /Imported #[0-9]+/');
    expect(result.stdout).toContain('seen: validator-0/node-0: logged "🏆 Imported #7 (0x8a1c…f3e2 → 0x5b7d…0c19)"');
    expect(result.stdout).toContain('✔ node substrate_block_height{status="finalized"} >= 2');
    expect(result.stdout).toContain('seen: validator-0/node-0: 4 (wanted >= 2), validator-1/node-0: 4 (wanted >= 2)');
    expect(result.stdout).toContain('seen: validator-0/node-0: HTTP 200, validator-1/node-0: HTTP 200');
    expect(result.stdout).toContain(`seen: 127.0.0.1:${grpc}: SERVING`);
    expect(result.stdout).toContain('4 passed, 0 failed');
  });

  test('each fails with what was expected and seen: line absent, metric under the threshold, probe refused, gRPC not serving', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('chk');
    const args = await substrateDevnet(env, name);
    await serveChain(net, name, new Chain(7, 4));
    await appendPodLog(controlPlaneStateDir(), `${name}-val-0`, 'node-0', 'node', ['💤 Idle (1 peers), best: #7, finalized #4']);
    const notServing = await healthServerPort('NOT_SERVING');
    const closed = await closedPort();

    const result = await env.devnet([
      'check', ...args, '--no-builtin', '--within', '3s',
      '--log', 'validator-0/node:Prepared block',
      '--metric', 'node:substrate_block_height{status="finalized"} >= 10',
      '--http', 'node:p2p/',
      '--grpc', `127.0.0.1:${notServing}`,
      '--grpc', `127.0.0.1:${closed}`,
    ]);
    expect(result.code).toBe(6);
    const out = result.stdout;
    expect(out).toContain('✘ validator-0/node logs /Prepared block/');
    expect(out).toContain('expected: every replica of validator-0/node logs a line matching /Prepared block/ within 3s');
    expect(out).toContain('seen:     validator-0/node-0: no matching line in 1 line');
    // Each look: line runs as printed: the devnet and cluster it checked.
    expect(out).toContain(`look:     devnet logs validator-0/node --tail 200 -p substrate --set name=${name} --set substrate.replicas=1 --validators 2\n`);
    expect(out).toContain('✘ node substrate_block_height{status="finalized"} >= 10');
    expect(out).toContain('seen:     validator-0/node-0: 4 (wanted >= 10); validator-1/node-0: 4 (wanted >= 10)');
    expect(out).toMatch(new RegExp(`look: +kubectl --kubeconfig \\S+/clusters/${name}/kubeconfig get --raw /api/v1/namespaces/${name}-val-0/pods/node-0:9615/proxy/metrics \\| grep substrate_block_height`));
    expect(out).toMatch(/✘ node p2p\/ answers 200[^\n]*\n {4}expected: GET \/ on port p2p of every replica of node answers HTTP 200, within 3s\n {4}seen: {5}validator-0\/node-0: no answer \([^)]*\); validator-1\/node-0: no answer/);
    expect(out).toContain(`127.0.0.1:${notServing}: status NOT_SERVING`);
    expect(out).toMatch(new RegExp(`127\\.0\\.0\\.1:${closed}: 14 UNAVAILABLE`));
    expect(out).toContain('0 passed, 5 failed');
    expect(result.stderr).toContain(`5 of 5 assertions about devnet ${name} failed.`);
  });

  test('--junit writes a report that passes the JUnit schema; -o json prints one event per assertion, a summary and an end event', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('chk');
    const args = await substrateDevnet(env, name);
    await serveChain(net, name, new Chain(7, 4));
    const junit = join(env.home, 'report.xml');

    const result = await env.devnet(['check', ...args, '--no-builtin', '--within', '3s', '-o', 'json', '--junit', junit, '--metric', 'node:substrate_block_height >= 1', '--metric', 'node:substrate_sub_libp2p_peers_count > 3']);
    expect(result.code).toBe(6);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Json);
    expect(events.map((e) => [e.event, e.status])).toEqual(expect.arrayContaining([['check', 'passed'], ['check', 'failed'], ['summary', undefined]]));
    const failed = events.find((e) => e.status === 'failed');
    expect(failed.measurements).toEqual([
      { target: 'validator-0/node-0', value: '1 (wanted > 3)', ok: false },
      { target: 'validator-1/node-0', value: '1 (wanted > 3)', ok: false },
    ]);
    expect(events.at(-2)).toMatchObject({ event: 'summary', devnet: name, passed: 1, failed: 1, skipped: 0 });
    expect(events.at(-1)).toMatchObject({ event: 'end', status: 'failed', exitCode: 6, error: { message: `1 of 2 assertions about devnet ${name} failed.` } });

    const xml = readFileSync(junit, 'utf8');
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain(`<testsuite name="devnet ${name}" tests="2" failures="1"`);
    expect(xml).toContain('<property name="network" value="substrate"/>');
    expect(xml).toContain('<failure message="expected substrate_sub_libp2p_peers_count &gt; 3 on every replica of node, within 3s; seen validator-0/node-0: 1 (wanted &gt; 3); validator-1/node-0: 1 (wanted &gt; 3)" type="AssertionFailed">');
  });

  test('--junit with no such devnet on the cluster: the report, at the path given from the working directory, says so', async () => {
    const env = devnetEnv();
    const name = unique('absent');
    const context = currentContext();
    const result = await env.devnet(['check', '-p', 'substrate', '--set', `name=${name}`, '--context', context, '--kubeconfig', inject('kubeconfig'), '--junit', 'reports/check.xml'], { cwd: env.home });
    expect(result.code, result.stderr).toBe(1);
    const xml = readFileSync(join(env.home, 'reports', 'check.xml'), 'utf8');
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain(`<error message="There is no devnet ${name} in context ${context}." type="UserError">`);
    expect(xml).toMatch(/hint: devnet up -p substrate --set name=absent-[0-9a-f]+ --context [^ ]+ --kubeconfig [^ ]+ creates it/);
  });

  test('assertions in the profile run by default; a typo in one is refused before anything runs, with its position', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('chk');
    const args = await substrateDevnet(env, name);
    await serveChain(net, name, new Chain(7, 4));
    const profile = join(env.home, 'with-checks.yaml');
    const base = readFileSync(join(import.meta.dirname, '..', '..', 'profiles', 'substrate.yaml'), 'utf8').replace('name: substrate', `name: ${name}`);
    const write = (checks: string) => writeFileSync(profile, `${base}\nchecks:\n  builtin: { enabled: false }\n  assertions:\n${checks}`);
    write('    - name: finality reaches block 3\n      metric: { component: node, name: substrate_block_height, labels: { status: finalized }, value: 3 }\n');
    const fromProfile = await env.devnet(['check', '-p', profile, ...args.slice(2)]);
    expect(fromProfile.code, fromProfile.stdout + fromProfile.stderr).toBe(0);
    expect(fromProfile.stdout).toContain('✔ finality reaches block 3');

    write('    - metric: { component: nodes, name: substrate_block_height, value: 3 }\n');
    const typo = await env.devnet(['check', '-p', profile, ...args.slice(2)]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/with-checks\.yaml:\d+:\d+ +checks\.assertions\[0\]\.metric\.component: is "nodes", which this devnet does not have/);
    expect(typo.stderr).toContain('hint: use one of node (devnet plan lists them)');
  });
});

describe('log health as an assertion', () => {
  test('--health passes when every node shows its keyword within the rule, and fails naming a node that does not', async () => {
    const env = devnetEnv();
    const name = unique('hlt');
    const args = await substrateDevnet(env, name);
    const rule = ['--set', 'substrate.health.within=15s'];
    await appendPodLog(controlPlaneStateDir(), `${name}-val-0`, 'node-0', 'node', ['🎁 Prepared block for proposing at 8 (1 ms) hash: 0x1f2e']);
    const half = await env.devnet(['check', ...args, ...rule, '--no-builtin', '--health']);
    expect(half.code).toBe(6);
    expect(half.stdout).toContain('✘ watchlog health of every component');
    // Health is a state now, as kubevali's watchlog keeps it: node-0 of validator 1 never showed its keyword.
    expect(half.stdout).toMatch(/seen: +[^\n]*validator-1\/node-0: (unhealthy|waiting)[^\n]*\n/);

    for (const v of [0, 1]) await appendPodLog(controlPlaneStateDir(), `${name}-val-${v}`, 'node-0', 'node', ['🎁 Prepared block for proposing at 9 (1 ms) hash: 0x2a3b']);
    const healthy = await env.devnet(['check', ...args, ...rule, '--no-builtin', '--health', 'node']);
    expect(healthy.code, healthy.stdout + healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/✔ watchlog health of node[^\n]*\n {4}seen: validator-0\/node-0: healthy, last match \d+s ago; validator-1\/node-0: healthy/);
  });
});

describe('built-in checks of a codex devnet', () => {
  test('every node sees the others and a file uploaded to one downloads intact from another; a missing peer fails', async () => {
    const env = devnetEnv();
    const net = await podNetwork();
    const name = unique('cdx');
    const args = ['-p', 'codex', '--set', `name=${name}`, '--set', 'codex.replicas=2'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args]);
    });
    const network = new CodexNetwork();
    const pods: [string, string][] = [[`${name}-shared`, 'bootstrap-0'], [`${name}-val-0`, 'codex-0'], [`${name}-val-0`, 'codex-1']];
    const nodes = pods.map(([, pod]) => codexNode(`${name}/${pod}`));
    for (const node of nodes) for (const other of nodes) if (other !== node) node.table.add(other.peerId);
    const up = env.devnet(['up', ...args, '--no-dashboard', '--timeout', '120']);
    // The bootstrap node's API answers as soon as its pod exists, so up reads its SPR through the pod proxy.
    await net.serve(pods[0]?.[0] ?? '', 'bootstrap-0', 8080, codexApi(network, nodes[0] ?? codexNode('x'), 'spr:CiUIAhIhA1kA7B9t2W0xservedbyproxy'));
    const upResult = await up;
    expect(upResult.code, upResult.stderr).toBe(0);
    expect(upResult.stderr).toContain('bootstrap address spr:CiUIAhIhA1kA7B9t2W0xservedbyproxy');
    for (const [i, [namespace, pod]] of pods.entries()) if (i > 0) await net.serve(namespace, pod, 8080, codexApi(network, nodes[i] ?? codexNode('x')));

    const passed = await env.devnet(['check', ...args]);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toContain('✔ every node sees the others');
    expect(passed.stdout).toContain('seen: shared/bootstrap-0: sees all 2, validator-0/codex-0: sees all 2, validator-0/codex-1: sees all 2');
    expect(passed.stdout).toMatch(/✔ a file travels between two nodes[^\n]*\n {4}seen: validator-0\/codex-0 → validator-0\/codex-1: 262144 bytes of zDvZRwzm\w+, identical/);
    expect(net.log.filter((l) => l.includes('POST /api/codex/v1/data'))).toEqual([`${name}-val-0/codex-0:8080 POST /api/codex/v1/data`]);

    nodes[0]?.table.delete(nodes[2]?.peerId ?? '');
    const missing = await env.devnet(['check', ...args, '--set', 'checks.builtin.within=3s']);
    expect(missing.code).toBe(6);
    expect(missing.stdout).toContain('seen:     shared/bootstrap-0 does not see validator-0/codex-1');
  });
});
