/**
 * devnet chaos on a real kind cluster, with 4 Linera validators on the light storage: stopping one
 * leaves a quorum (3 of 4) and transfers certify; stopping a second leaves none and a transfer does
 * not; starting them again brings transfers back. Network faults are put into the pods' namespaces
 * from the node and proven by probes; `chaos clear` and `down` leave no rule in the node.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { kindEnv, type KindEnv } from './support/kind-env.js';

let k: KindEnv;

const images = () => inject('lineraImages');
const profile = () => [
  '-p', 'linera-light', '--validators', '4', '--seed', '7',
  '--set', `cluster.name=${k.cluster}`, '--set', `cluster.nodeImage=${inject('kindNodeImage')}`,
  '--set', `linera.images.client=${images().client}`, '--set', `linera.images.validator=${images().validator}`,
];
const loads = () => [images().validator, images().client].flatMap((image) => ['--load-image', image]);
const chaos = (...args: string[]) => k.devnet(['chaos', ...args, ...profile()]);

/** What devnet's faults left in the node: its iptables chains and its root qdiscs, in every pod namespace. */
async function rulesInNode(): Promise<string> {
  const script = 'for id in $(crictl pods -q --state ready); do ns=$(crictl inspectp -o go-template --template \'{{range .info.runtimeSpec.linux.namespaces}}{{if eq .type "network"}}{{.path}}{{end}}{{end}}\' "$id"); [ -n "$ns" ] || continue; nsenter --net="$ns" iptables -S | grep DEVNET-CHAOS; nsenter --net="$ns" tc qdisc show dev eth0 | grep "dc: root"; done; true';
  const result = await k.node(['sh', '-c', script]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

async function untilText(text: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!pattern.test(text())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; the terminal shows:\n${text().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('devnet chaos on a real kind cluster with 4 Linera validators', () => {
  beforeAll(async () => {
    k = kindEnv();
    const up = await k.devnet(['up', ...profile(), ...loads(), '--no-dashboard', '--yes', '--timeout', '600']);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
  });

  afterAll(async () => {
    await k?.cleanup();
  });

  // What each number of stopped validators does to transfers is the scenario's to show (check
  // --scenario linera-quorum, below, with its 60 s without a quorum); this test is the verbs.
  test('chaos stop takes validators\' pods away, status lists each, start brings them back ready', async () => {
    const stop3 = await chaos('stop', 'validator-3');
    expect(stop3.code, stop3.stderr).toBe(0);
    expect(stop3.stdout).toMatch(/validator-3 stopped: shards and proxy scaled to 0: 2 pods gone/);
    const stop2 = await chaos('stop', 'validator-2');
    expect(stop2.code, stop2.stderr).toBe(0);
    const again = await chaos('stop', 'validator-2');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('validator-2 stopped already');
    const status = await chaos('status');
    expect(status.stdout).toContain('validator-3 stopped');
    expect(status.stdout).toContain('validator-2 stopped');
    const start = await chaos('start');
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/validator-3 started: .*ready/);
    expect(start.stdout).toMatch(/validator-2 started: .*ready/);
  });

  test('the dashboard, in a terminal, counts who answers with one validator stopped, and T certifies a transfer', async () => {
    const stop1 = await chaos('stop', 'validator-1');
    expect(stop1.code, stop1.stderr).toBe(0);
    try {
      const dashboard = spawnDevnet({ env: k.env }, ['dashboard', ...profile()], 'sized');
      const screen = () => withoutAnsi(dashboard.output());
      await untilText(screen, /3 of 4 validators answer; a quorum needs 3: transfers can certify/, 90_000);
      // Ink repaints a row from its first changed column: validator-1's row is known by its endpoint (linera-light's hostPortBase 19300, + 1).
      expect(screen()).toMatch(/no answer for \d+s · localhost:19301/);
      dashboard.write('T');
      // The client image's `linera` with the wallet up handed over, as devnet check runs it.
      // The header said "transferring… Ns" before: Ink repaints it from the first column that changes,
      // so a success arrives as " certified in N s" after "transfer", and a failure as "no transfer certified…".
      await untilText(screen, /certified in [\d.]+ s/, 120_000);
      expect(screen()).not.toMatch(/no transfer certified/);
      dashboard.write('q');
      expect(await dashboard.exited, screen()).toBe(0);
    } finally {
      // The tests after this one need every validator.
      const start = await chaos('start');
      expect(start.code, start.stderr).toBe(0);
    }
  });

  test('a partition is proven by a probe that fails during it and passes after', async () => {
    const part = await chaos('partition', 'validator-0', '--for', '5s');
    expect(part.code, `${part.stdout}\n${part.stderr}`).toBe(0);
    expect(part.stdout).toMatch(/validator-0 partitioned: 2 pods cut off from 6 both ways; linera-light-val-0\/shards-0 reached linera-light-val-\d\/\S+ \(\S+\) before and cannot now/);
    expect(part.stdout).toMatch(/undone validator-0 partitioned: rules taken out of 8 pods/);
    expect(await rulesInNode()).toBe('');
    // After it, the probe's connect goes through again: a second partition can prove itself.
    const again = await chaos('partition', 'validator-0,validator-1', '-o', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ event: 'chaos', action: 'partition', target: 'validator-0,validator-1' });
    expect(await rulesInNode()).toMatch(/DEVNET-CHAOS-/);
    const clear = await chaos('clear');
    expect(clear.code, clear.stderr).toBe(0);
    expect(clear.stdout).toContain('No fault is in force on devnet linera-light (checked in the kind node)');
    expect(await rulesInNode()).toBe('');
  });

  test('loss and bandwidth are measured by their probes; latency is refused with the probe\'s reason', async () => {
    const loss = await chaos('loss', '30%', 'validator-1');
    expect(loss.code, loss.stderr).toBe(0);
    const lost = /(\d+) of (\d+) probe connects .* lost: about (\d+)% of packets each way/.exec(loss.stdout);
    expect(lost, loss.stdout).not.toBeNull();
    console.log(`loss 30%: ${lost?.[0]}`);
    const bandwidth = await chaos('bandwidth', '1mbit', 'validator-2/proxy');
    expect(bandwidth.code, bandwidth.stderr).toBe(0);
    const sent = /sent ([\d.]+) (kbit|Mbit)\/s/.exec(bandwidth.stdout);
    const kbit = Number(sent?.[1]) * (sent?.[2] === 'Mbit' ? 1000 : 1);
    expect(kbit, bandwidth.stdout).toBeLessThan(1500);
    expect(kbit).toBeGreaterThan(300);
    console.log(`bandwidth 1mbit: ${sent?.[0]}`);

    const latency = await chaos('latency', '100ms', 'validator-3');
    expect(latency.code).toBe(3);
    expect(latency.stderr).toMatch(/This kernel has no sch_netem, which latency needs: tc qdisc add … netem: .*; modprobe sch_netem: .*\(kernel /);
    expect(latency.stderr).not.toMatch(/\n\s+at /);

    const status = await chaos('status');
    expect(status.stdout).toContain('loss 30% on validator-1');
    expect(status.stdout).toContain('bandwidth 1mbit on validator-2/proxy');
    expect(status.stdout).not.toContain('latency');
    expect(await rulesInNode()).toMatch(/tbf|dc: root/);
  });

  test('check --scenario linera-quorum: 3 of 4 certify, 2 of 4 do not, restored they do; the faults are gone after it', async () => {
    // The faults the tests before left in force are taken out: the scenario starts from a whole network.
    expect(await chaos('clear')).toMatchObject({ code: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'devnet-scenario-'));
    const junit = join(dir, 'report.xml');
    const started = performance.now();
    const run = await k.devnet(['check', ...profile(), '--scenario', 'linera-quorum', '--junit', junit], { timeoutMs: 900_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/✔ 1\. a transfer certifies with every validator up/);
    expect(run.stdout).toMatch(/validator-3 stopped: shards and proxy scaled to 0/);
    expect(run.stdout).toMatch(/✔ 3\. a transfer still certifies with 3 of 4 \(a quorum\)/);
    expect(run.stdout).toMatch(/✔ 5\. no transfer certifies with 2 of 4 \(no quorum\) \(expected to fail\)[^\n]*\n\s+seen: did not pass within 60s, as expected/);
    expect(run.stdout).toMatch(/undone validator-2 stopped: .*ready/);
    expect(run.stdout).toMatch(/✔ 7\. transfers certify again once both are back/);
    expect(run.stdout).toContain('4 passed, 0 failed');
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite [^>]*tests="4" failures="0"/);
    const status = await chaos('status');
    expect(status.stdout).toContain('No fault is in force on devnet linera-light');
    console.log(`scenario linera-quorum: ${Math.round(performance.now() - started)} ms\n${run.stdout}`);
  });

  test('up plays the profile\'s chaos: schedule once ready, and its events are in the NDJSON before the end event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnet-schedule-'));
    const file = join(dir, 'linera-light.yaml');
    writeFileSync(file, `${readFileSync(join(import.meta.dirname, '..', '..', 'profiles', 'linera-light.yaml'), 'utf8')}chaos:\n  - { at: 0s, for: 4s, action: partition, target: validator-0 }\n  - { at: 1s, action: kill, target: validator-1/proxy-0 }\n`);
    const args = profile().map((a) => (a === 'linera-light' ? file : a));
    const up = await k.devnet(['up', ...args, ...loads(), '--no-dashboard', '--yes', '-o', 'json'], { timeoutMs: 600_000 });
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    const events = up.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; action?: string; index?: number; confirmation?: string; status?: string });
    const order = events.filter((e) => ['ready', 'chaos', 'chaos-undone', 'end'].includes(e.event)).map((e) => `${e.event}${e.action === undefined ? '' : `:${e.action}`}`);
    expect(order).toEqual(['ready', 'chaos:partition', 'chaos:kill', 'chaos-undone:partition', 'end']);
    expect(events.find((e) => e.event === 'chaos' && e.action === 'partition')?.confirmation).toMatch(/reached .* before and cannot now/);
    expect(events.at(-1)?.status).toBe('ok');
    expect(await rulesInNode()).toBe('');
    // --no-chaos: the same up plays nothing.
    const quiet = await k.devnet(['up', ...args, ...loads(), '--no-dashboard', '--no-chaos', '-o', 'json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toContain('"event":"chaos"');
  });

  test('down leaves no rule behind in the node', async () => {
    const down = await k.devnet(['down', ...profile()]);
    expect(down.code, down.stderr).toBe(0);
    expect(await rulesInNode()).toBe('');
    const left = await k.node(['sh', '-c', 'crictl pods -q --state ready --label app.kubernetes.io/instance=linera-light']);
    expect(left.stdout.trim()).toBe('');
  });
});
