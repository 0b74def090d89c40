/**
 * kubevali's watchlog on a real API server: a substrate devnet deployed by `devnet up`, whose pod
 * logs the harness writes (a match, a silence past `within`, a container restart), watched by
 * `up --wait-healthy`, `status`, and `devnet health`, with pings going to a local server that
 * records them.
 */
import './support/provided.js';
import { afterAll, beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest';
import { devnetEnv, type DevnetEnv } from './support/devnet-env.js';
import { clusterKubeConfig } from './support/kube.js';
import { closedPort, pingServer, type PingServer } from '../support/ping-server.js';
import { appendPodLog, restartContainer } from './support/pod-logs.js';
import { runningCli } from './support/running-cli.js';
import { unique } from '../support/names.js';

const stateDir = inject('controlPlaneStateDir');
const name = unique('hl');
const namespace = `${name}-val-0`;
const WITHIN = 5;
// What polkadot logs when it authored a block (sc-basic-authorship, basic_authorship.rs, print_summary).
let block = 0;
const authored = () => `🎁 Prepared block for proposing at ${++block} (0 ms) [hash: 0x${block.toString(16).padStart(4, '0')}; parent_hash: 0x0000; extrinsics (1): [0x0000]`;
const write = (pod: string, lines: string[]) => appendPodLog(stateDir, namespace, pod, 'node', lines);

/**
 * A node that keeps authoring, as a running validator does, until the returned function (or the
 * test's end) stops it: its last match is never much older than a second, however long a loaded
 * machine takes to start the command that reads it.
 */
function keepAuthoring(pod: string): () => void {
  void write(pod, [authored()]);
  const timer = setInterval(() => void write(pod, [authored()]), 1000);
  const stop = () => clearInterval(timer);
  onTestFinished(stop);
  return stop;
}

let env: DevnetEnv;
let server: PingServer;
let args: string[];

beforeAll(async () => {
  server = await pingServer();
  args = [
    '-p', 'substrate', '--set', `name=${name}`, '--validators', '1', '--set', 'substrate.replicas=2',
    '--set', `substrate.health.within=${WITHIN}s`, '--set', `substrate.health.pings.url=${server.url}`, '--set', 'substrate.health.pings.checks=[c0, c1]',
    '--context', clusterKubeConfig().getCurrentContext(), '--kubeconfig', inject('kubeconfig'),
  ];
});

afterAll(async () => {
  await env?.devnet(['down', ...args]);
  await server?.close();
});

/** The states `devnet health -f -o json` printed for one pod, in order. */
function statesOf(stdout: string, pod: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { pod: string; state: string })
    .filter((o) => o.pod === pod)
    .map((o) => o.state);
}

interface StatusPod {
  name: string;
  health?: { state: string; text: string; keyword: string; withinSeconds: number };
}

async function statusPods(): Promise<StatusPod[]> {
  const status = await env.devnet(['status', ...args, '-o', 'json']);
  expect(status.code, status.stderr).toBe(0);
  const view = JSON.parse(status.stdout) as { validators: { components: { pods: StatusPod[] }[] }[] };
  return view.validators.flatMap((v) => v.components.flatMap((c) => c.pods));
}

describe('log health (kubevali\'s watchlog)', () => {
  test('up --wait-healthy deploys, then waits until every node has logged its keyword', async () => {
    env = devnetEnv();
    const up = runningCli(['up', ...args, '--no-dashboard', '--wait-healthy', '--timeout', '150'], env.env);
    // The validators are ready; the health step waits for the keyword and says for whom.
    await up.waitFor(/0\/2 healthy; \w+: validator-0\/node-0, validator-0\/node-1/, { stream: 'stderr', timeoutMs: 150_000 });
    await write('node-0', [authored()]);
    await write('node-1', ['💤 Idle (1 peers), best: #1', authored()]);
    const result = await up.done();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/✔ Log health: 2 replicas healthy/);
    expect(result.stdout).toContain(`devnet ${name} is ready`);
  }, 180_000);

  test('status shows HEALTH per replica in its table and in --json', async () => {
    keepAuthoring('node-0');
    keepAuthoring('node-1');
    const pods = await statusPods();
    expect(pods.map((p) => [p.name, p.health?.state])).toEqual([
      ['node-0', 'healthy'],
      ['node-1', 'healthy'],
    ]);
    expect(pods[0]?.health).toMatchObject({ keyword: 'Prepared block for proposing', withinSeconds: WITHIN, text: expect.stringMatching(/^healthy, last match \d+s ago$/) });
    const table = await env.devnet(['status', ...args]);
    expect(table.stdout).toMatch(/2\/2 pods ready, \d\/2 healthy/);
    expect(table.stdout).toMatch(/^VALIDATOR +COMPONENT +POD +STATE +READY +RESTARTS +AGE +REASON +ENDPOINT +HEALTH$/m);
    expect(table.stdout).toMatch(/node-0 +ready +1\/1 +0 +\d+s +127\.0\.0\.1:\d+ +healthy, last match \d+s ago$/m);
  });

  test('health --follow: a silent node turns unhealthy and pings /fail; a restart pauses its pings until its next match', async () => {
    const stopNode0 = keepAuthoring('node-0');
    const stopNode1 = keepAuthoring('node-1');
    const run = runningCli(['health', ...args, '--follow', '-o', 'json', '--ping-interval', '1s'], env.env);
    try {
      // node-0 keeps authoring; node-1 goes silent once devnet has seen it healthy.
      await run.waitFor(/"pod":"node-1","state":"healthy"/);
      stopNode1();
      // kubevali pings at the first match, then once per interval.
      await server.until(() => server.count('/c0') >= 2 && server.count('/c1') >= 2, 'two pings for each node');

      await run.waitFor(/"pod":"node-1","state":"unhealthy","text":"unhealthy, none for \d+s"/, { timeoutMs: 20_000 });
      await server.until(() => server.count('/c1/fail') >= 2, 'node-1 pinging /fail');
      expect(server.count('/c0/fail')).toBe(0);

      stopNode0();
      // The API gives a container's start to the second: let the last match fall in an earlier one.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await restartContainer(stateDir, namespace, 'node-0', 'node');
      await run.waitFor(/"pod":"node-0","state":"waiting","text":"waiting for first match"/);
      const before = server.count('/c0');
      const fails = server.count('/c1/fail');
      await server.until(() => server.count('/c1/fail') >= fails + 3, 'three more ticks');
      expect(server.count('/c0')).toBe(before);
      expect(server.count('/c0/fail')).toBe(0);

      await write('node-0', ['💤 Idle (1 peers), best: #9', authored()]);
      await server.until(() => server.count('/c0') > before, 'node-0 pinging again after its new container matched');
    } finally {
      const { code, stdout, stderr } = await run.stop();
      expect(code, stderr).toBe(130);
      expect(stderr).toContain('Stopped watching; no more pings are sent.');
      const node0 = statesOf(stdout, 'node-0');
      expect([node0[0], node0.at(-1)]).toEqual(['healthy', 'healthy']);
      expect(node0).toContain('waiting');
      expect(statesOf(stdout, 'node-1')).toEqual(['healthy', 'unhealthy']);
    }
    // Every ping is a POST of plain text that says the state, not what the node logged.
    for (const ping of server.pings) {
      expect(ping.method).toBe('POST');
      expect(ping.path).toMatch(/^\/c[01](\/fail)?$/);
      expect(ping.contentType).toMatch(/^text\/plain/);
      expect(ping.body).toMatch(/^validator-0\/node-[01]: (healthy, last match|unhealthy, none for( at least)?) \d+s( ago)? \(keyword "Prepared block for proposing" expected every 5s\)\n$/);
    }
  }, 120_000);

  test('health without --follow: exit 4 with the silent node named; a refused ping URL is reported once per node', async () => {
    keepAuthoring('node-0');
    const port = await closedPort();
    const result = await env.devnet(['health', ...args, '--ping-url', `http://127.0.0.1:${port}`, '--ping-interval', '1s']);
    expect(result.code, result.stderr).toBe(4);
    // It never matched in what devnet read back of its long-running container: the silence is at least that long.
    expect(result.stdout).toMatch(/^validator-0 +node +node-1 +unhealthy, none for at least \d+s$/m);
    expect(result.stdout).toContain('node: "Prepared block for proposing" at least every 5s, pings to 127.0.0.1');
    expect(result.stderr).toMatch(/error \d of 2 replicas of \S+ are not healthy after watching for 5s/);
    expect(result.stderr).toContain(`hint devnet logs validator-0/node-`);
    // node-0 matched, so it was pinged every second, and every ping was refused: one warning, not five.
    const warnings = result.stderr.split('\n').filter((line) => line.includes('health pings for'));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^warning health pings for validator-0/node-0 to 127\\.0\\.0\\.1:${port} fail \\(.+\\); devnet keeps trying every 1s`))]);
  }, 60_000);

  test('health --json exits 0 as soon as every node has logged its keyword', async () => {
    // A match logged in this second or later was written by this test (log times may drop the milliseconds).
    const since = Math.floor(Date.now() / 1000) * 1000;
    keepAuthoring('node-0');
    keepAuthoring('node-1');
    const result = await env.devnet(['health', ...args, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { healthy: boolean; replicas: { pod: string; state: string; lastMatchAt: string }[] };
    expect(report.healthy).toBe(true);
    expect(report.replicas.map((r) => [r.pod, r.state])).toEqual([
      ['node-0', 'healthy'],
      ['node-1', 'healthy'],
    ]);
    // The matches it reports are this test's, not older ones it happened to read.
    for (const replica of report.replicas) expect(Date.parse(replica.lastMatchAt)).toBeGreaterThanOrEqual(since);
  });
});
