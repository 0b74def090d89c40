/**
 * devnet chaos on a real kind cluster, with 4 Linera validators on the light storage: stopping one
 * leaves a quorum (3 of 4) and transfers certify; stopping a second leaves none and a transfer does
 * not; starting them again brings transfers back. Network faults are put into the pods' namespaces
 * from the node and proven by probes; `chaos clear` and `down` leave no rule in the node. On the same
 * cluster as an existing one (--context), a partition is NetworkPolicies, enforced once kube-router
 * runs in the node.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { kindEnv, type KindEnv } from './support/kind-env.js';
import { expectSucceeded } from '../support/succeeded.js';

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

/** Pod addresses by namespace/name. */
async function podAddresses(): Promise<Map<string, string>> {
  const { items } = await (await k.kube()).list<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; status?: { podIP?: string } }>('v1', 'Pod', { labelSelector: 'app.kubernetes.io/instance=linera-light' });
  return new Map(items.map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name}`, p.status?.podIP ?? '']));
}

/** "open" or "closed": a TCP connect from a pod's network namespace, made from the node (not by devnet). */
async function reaches(namespace: string, pod: string, ip: string | undefined, port: number): Promise<string> {
  const netns = `crictl inspectp -o go-template --template '{{range .info.runtimeSpec.linux.namespaces}}{{if eq .type "network"}}{{.path}}{{end}}{{end}}' $(crictl pods -q --state ready --namespace '^${namespace}$' --name '^${pod}$')`;
  const result = await k.node(['bash', '-c', `ns=$(${netns}) && if nsenter --net="$ns" timeout 2 bash -c ': </dev/tcp/${ip ?? 'none'}/${port}' 2>/dev/null; then echo open; else echo closed; fi`]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

/**
 * Makes the node enforce NetworkPolicy: kube-router's firewall and Debian's ipset, built by the tier
 * (build/policy-enforcer.ts), copied in and started. Returns what stops it and takes its rules out.
 */
async function startPolicyEnforcer(): Promise<() => Promise<void>> {
  const node = `${k.cluster}-control-plane`;
  const copied = await execa('docker', ['cp', `${inject('policyEnforcer')}/.`, `${node}:/`], { reject: false });
  expect(copied.exitCode, copied.stderr).toBe(0);
  const flags = `--run-firewall=true --run-router=false --run-service-proxy=false --kubeconfig=/etc/kubernetes/admin.conf --hostname-override=${node}`;
  const started = await k.node(['bash', '-c', `ldconfig && { nohup kube-router ${flags} > /var/log/kube-router.log 2>&1 & }`]);
  expect(started.code, started.stderr).toBe(0);
  // Its chain in FORWARD says its first sync is done.
  const deadline = Date.now() + 60_000;
  while ((await k.node(['iptables', '-S', 'KUBE-ROUTER-FORWARD'])).code !== 0) {
    if (Date.now() > deadline) throw new Error(`kube-router did not start:\n${(await k.node(['tail', '-n', '40', '/var/log/kube-router.log'])).stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return async () => {
    await k.node(['bash', '-c', 'pkill -x kube-router; while pgrep -x kube-router >/dev/null; do sleep 0.2; done; kube-router --cleanup-config >/dev/null 2>&1; true']);
  };
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
    expectSucceeded(await chaos('clear'));
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

  test('on --context a partition is NetworkPolicies: refused where the network does not enforce them, proven both ways where it does', async () => {
    const context = ['--context', `kind-${k.cluster}`, '--kubeconfig', await k.kubeconfig()];
    const onContext = (...args: string[]) => k.devnet(['chaos', ...args, ...profile(), ...context]);
    const policies = async () => (await (await k.kube()).list('networking.k8s.io/v1', 'NetworkPolicy', { labelSelector: 'devnet/chaos=linera-light' })).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);

    // The node's ptp network enforces nothing: the probe in the pod still connects, devnet says so and takes its policies out.
    const unenforced = await onContext('partition', 'validator-0');
    expect(unenforced.code, unenforced.stdout).toBe(7);
    expect(unenforced.stderr).toMatch(/The partition did not take hold: linera-light-val-0\/\S+ still reaches linera-light-val-\d\/\S+ 20s after devnet's NetworkPolicies went in, so this cluster's network plugin does not enforce NetworkPolicy/);
    expect(await policies()).toEqual([]);
    expect((await onContext('status')).stdout).toContain('No fault is in force');
    const loss = await onContext('loss', '10%', 'validator-1');
    expect(loss.code).toBe(3);
    expect(loss.stderr).toContain('devnet chaos loss works on kind clusters only');

    const stopEnforcer = await startPolicyEnforcer();
    try {
      const timed = await onContext('partition', 'validator-0', '--for', '5s');
      expect(timed.code, `${timed.stdout}\n${timed.stderr}`).toBe(0);
      expect(timed.stdout).toMatch(/validator-0 partitioned: 2 pods cut off from 6 both ways by NetworkPolicy \(also from NodePorts\); linera-light-val-0\/\S+ reached linera-light-val-\d\/\S+ \(\S+\) before and cannot now/);
      expect(timed.stdout).toMatch(/undone validator-0 partitioned: 1 NetworkPolicy deleted; .* reaches .* again/);
      expect(await policies()).toEqual([]);
      console.log(`--context partition by NetworkPolicy:\n${timed.stdout}`);

      const held = await onContext('partition', 'validator-0,validator-1');
      expect(held.code, `${held.stdout}\n${held.stderr}`).toBe(0);
      // Seen from the node too, in both directions, from pods devnet's probe did not use.
      const pods = await podAddresses();
      // The pod and port devnet's probe connected to, and the same pod and port of the other validators.
      const [, peer = '', port = '0'] = /reached linera-light-val-\d\/(\S+) \(\S+:(\d+)\) before/.exec(held.stdout) ?? [];
      const to = (validator: number) => pods.get(`linera-light-val-${validator}/${peer}`);
      expect([await reaches('linera-light-val-1', 'proxy-0', to(3), Number(port)), await reaches('linera-light-val-2', 'proxy-0', to(1), Number(port))]).toEqual(['closed', 'closed']);
      expect(await reaches('linera-light-val-2', 'proxy-0', to(3), Number(port))).toBe('open');
      const status = await onContext('status');
      expect(status.stdout).toContain('validator-0,validator-1 partitioned');
      expect(status.stdout).toMatch(/NetworkPolicies devnet chaos made, by namespace:\n {2}linera-light-val-0: NetworkPolicy devnet-chaos-\w+\n {2}linera-light-val-1: NetworkPolicy devnet-chaos-\w+/);
      const clear = await onContext('clear');
      expect(clear.code, clear.stderr).toBe(0);
      expect(clear.stdout).toMatch(/undone validator-0,validator-1 partitioned: 2 NetworkPolicies deleted; .* reaches .* again/);
      expect(clear.stdout).toContain('No fault is in force on devnet linera-light (no NetworkPolicy of devnet chaos is left)');
      expect(await policies()).toEqual([]);
      expect(await reaches('linera-light-val-1', 'proxy-0', to(3), Number(port))).toBe('open');
    } finally {
      await stopEnforcer();
    }
  });

  test('down leaves no rule behind in the node', async () => {
    const down = await k.devnet(['down', ...profile()]);
    expect(down.code, down.stderr).toBe(0);
    expect(await rulesInNode()).toBe('');
    const left = await k.node(['sh', '-c', 'crictl pods -q --state ready --label app.kubernetes.io/instance=linera-light']);
    expect(left.stdout.trim()).toBe('');
  });
});
