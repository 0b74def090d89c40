/**
 * `devnet logs` against a real API server: a devnet-shaped set of namespaces and StatefulSets
 * (labelled as devnet renders them), pod logs written through KWOK's fake kubelet, and the whole
 * CLI run in-process, as a user would run it.
 */
import './support/provided.js';
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { Kube } from '../../src/kube/client.js';
import { labels, selector } from '../../src/render/labels.js';
import { dashboardLogs } from '../../src/tasks/logs/index.js';
import type { LogEvent, LogLine } from '../../src/tui/model.js';
import { liveCli } from '../support/live-cli.js';
import { runCli } from '../support/run-cli.js';
import { clusterKubeConfig, waitFor } from './support/kube.js';
import { appendPodLog, restartContainer } from './support/pod-logs.js';
import { unique } from '../support/names.js';

const kubeconfig = inject('kubeconfig');
const stateDir = inject('controlPlaneStateDir');
const kc = clusterKubeConfig();
const kube = Kube.connect({ kubeconfig });
const devnet = unique('lg');
const ns = (validator: number) => `${devnet}-val-${validator}`;
const common = ['-p', 'linera', '--set', `name=${devnet}`, '--validators', '2', '--context', kc.getCurrentContext(), '--kubeconfig', kubeconfig];
const logs = (...args: string[]) => runCli(['logs', ...args, ...common]);

// shards (2 replicas, container "server") and proxy (1 replica, container "proxy") in validators 0 and 1.
const WORKLOADS = [
  { component: 'shards', replicas: 2, container: 'server' },
  { component: 'proxy', replicas: 1, container: 'proxy' },
];
const POD_COUNT = 2 * (2 + 1);

function statefulSet(validator: number, component: string, replicas: number, container: string) {
  const podLabels = labels({ devnet, network: 'linera', validator, component });
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: component, namespace: ns(validator), labels: podLabels },
    spec: {
      replicas,
      serviceName: component,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selector(devnet, component) },
      template: { metadata: { labels: podLabels }, spec: { containers: [{ name: container, image: `example.org/linera-${component}:1` }] } },
    },
  };
}

/** Until the devnet's pods are Running and Ready (`count` of them, or a check of your own). */
function podsReady(check: (pods: readonly V1Pod[]) => boolean = (pods) => pods.length === POD_COUNT, what = `${POD_COUNT} pods of ${devnet} Ready`) {
  const ready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
  return waitFor(kc, { apiVersion: 'v1', kind: 'Pod', plural: 'pods', labelSelector: `app.kubernetes.io/instance=${devnet}` }, (pods: readonly V1Pod[]) => {
    const live = pods.filter((p) => p.metadata?.deletionTimestamp === undefined);
    return live.every(ready) && check(live) ? true : undefined;
  }, what);
}

const write = (validator: number, pod: string, container: string, lines: string[], at?: Date) => appendPodLog(stateDir, ns(validator), pod, container, lines, at === undefined ? {} : { at });
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

beforeAll(async () => {
  for (const validator of [0, 1]) {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(validator), labels: labels({ devnet, network: 'linera', validator }) } };
    await kube.apply(namespace);
  }
  for (const validator of [0, 1]) for (const w of WORKLOADS) await kube.apply(statefulSet(validator, w.component, w.replicas, w.container));
  await podsReady();
});

afterAll(async () => {
  for (const validator of [0, 1]) await kube.delete('v1', 'Namespace', undefined, ns(validator)).catch(() => false);
});

/** `devnet logs -f …` running in-process: its stdout as it grows, waiting for a line in it, and Ctrl-C. */
function follow(...args: string[]) {
  const cli = liveCli(['logs', '-f', ...args, ...common], {});
  return {
    stdout: cli.stdout,
    waitFor: (needle: string | RegExp, timeoutMs = 10_000, from = 0) => cli.waitFor(needle, { timeoutMs, from, stream: 'stdout' }),
    async stop(): Promise<{ code: number; stdout: string; stderr: string }> {
      await cli.interrupt();
      return cli.exited;
    },
  };
}

describe('devnet logs', () => {
  test('without -f: the existing lines of every pod, each prefixed with its pod and container, then exits', async () => {
    await write(0, 'shards-0', 'server', ['snap s00 one', 'snap s00 two']);
    await write(0, 'shards-1', 'server', ['snap s01 one']);
    await write(1, 'proxy-0', 'proxy', ['snap p10 one']);

    const all = await logs();
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('val-0/shards-0 server │ snap s00 one\nval-0/shards-0 server │ snap s00 two\n');
    expect(all.stdout).toContain('val-0/shards-1 server │ snap s01 one\n');
    expect(all.stdout).toMatch(/val-1\/proxy-0 proxy +│ snap p10 one\n/);
    // Pods in a stable order: namespace, then name.
    expect(all.stdout.indexOf('snap s00 two')).toBeLessThan(all.stdout.indexOf('snap s01 one'));
    expect(all.stdout.indexOf('snap s01 one')).toBeLessThan(all.stdout.indexOf('snap p10 one'));

    const shards = await logs('shards');
    expect(shards.stdout).toContain('snap s00 one');
    expect(shards.stdout).not.toContain('snap p10 one');

    const onePod = await logs('validator-1/proxy-0');
    expect(onePod.stdout.trim()).toMatch(/^val-1\/proxy-0 proxy │ snap p10 one$/m);
    expect(onePod.stdout).not.toContain('snap s0');

    const proxies = await logs('-c', 'proxy');
    expect(proxies.stdout).toContain('│ snap p10 one\n');
    expect(proxies.stdout).not.toContain('server │');

    const byNamespace = await logs(`${ns(0)}/shards-1`, '--tail', '1', '--timestamps');
    expect(byNamespace.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z val-0\/shards-1 server │ snap s01 one\n$/);
  });

  test('--since keeps only the lines newer than the window, also when following', async () => {
    // The first line of this pod's log, logged ten minutes ago: outside a one-minute window and
    // inside an hour, however long a loaded machine takes to start each command below.
    await write(1, 'shards-1', 'server', ['since older line'], new Date(Date.now() - 10 * 60_000));
    await write(1, 'shards-1', 'server', ['since newer line']);
    const recent = await logs('validator-1/shards-1', '--since', '1m');
    expect(recent.code).toBe(0);
    expect(recent.stdout).toContain('since newer line');
    expect(recent.stdout).not.toContain('since older line');
    const wide = await logs('validator-1/shards-1', '--since', '1h');
    expect(wide.stdout).toContain('since older line');

    const followed = follow('validator-1/shards-1', '--since', '1m');
    await followed.waitFor('since newer line');
    await write(1, 'shards-1', 'server', ['since live line']);
    await followed.waitFor('since live line');
    const { stdout } = await followed.stop();
    expect(stdout).not.toContain('since older line');
  });

  test('-f follows several pods; a line written after the start arrives, once', async () => {
    await write(0, 'shards-0', 'server', ['follow-start s00']);
    await write(1, 'shards-1', 'server', ['follow-start s11']);
    const run = follow();
    try {
      await run.waitFor('+ val-1/shards-1');
      await run.waitFor('val-0/shards-0 server │ follow-start s00');
      await run.waitFor('val-1/shards-1 server │ follow-start s11');
      await write(1, 'proxy-0', 'proxy', ['follow-live p10']);
      // How soon a line arrives is measured by `npm run bench` (BENCH=logs), not asserted here.
      await run.waitFor(/val-1\/proxy-0 proxy +│ follow-live p10\n/);
      await write(0, 'shards-1', 'server', ['follow-live s01']);
      await run.waitFor('val-0/shards-1 server │ follow-live s01');
    } finally {
      const { code, stdout, stderr } = await run.stop();
      // Ctrl-C ends every command with 130, following or not.
      expect(code).toBe(130);
      expect(stderr).toContain(`Stopped following the logs of ${devnet}.`);
      for (const pod of ['val-0/shards-0', 'val-0/shards-1', 'val-0/proxy-0', 'val-1/shards-0', 'val-1/shards-1', 'val-1/proxy-0']) expect(stdout).toContain(`+ ${pod}\n`);
      expect(occurrences(stdout, '│ follow-live s01\n')).toBe(1);
    }
  });

  test('-f shows a pod that goes (-) and the pod that replaces it (+) with its new lines', async () => {
    const run = follow('validator-0/proxy-0');
    try {
      await run.waitFor('+ val-0/proxy-0');
      await kube.delete('v1', 'Pod', ns(0), 'proxy-0');
      await run.waitFor('- val-0/proxy-0', 30_000);
      await run.waitFor('+ val-0/proxy-0\n', 30_000, run.stdout().indexOf('- val-0/proxy-0'));
      await waitFor(kc, { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace: ns(0), fieldSelector: 'metadata.name=proxy-0' }, (pods: readonly V1Pod[]) =>
        pods[0]?.status?.phase === 'Running' ? true : undefined,
      'the new proxy-0 running');
      await write(0, 'proxy-0', 'proxy', ['replaced p00']);
      await run.waitFor('val-0/proxy-0 proxy │ replaced p00');
    } finally {
      const { stdout } = await run.stop();
      const removed = stdout.indexOf('- val-0/proxy-0');
      expect(removed).toBeGreaterThan(0);
      expect(stdout.indexOf('+ val-0/proxy-0', removed)).toBeGreaterThan(removed);
    }
  });

  test('-f shows a pod created after the start with + and follows it', async () => {
    const run = follow('shards');
    try {
      await run.waitFor('+ val-1/shards-1');
      await kube.apply(statefulSet(1, 'shards', 3, 'server'));
      await run.waitFor('+ val-1/shards-2', 30_000);
      await podsReady((pods) => pods.some((p) => p.metadata?.name === 'shards-2' && p.metadata.namespace === ns(1)), 'shards-2 of validator-1 Ready');
      await write(1, 'shards-2', 'server', ['new pod s12']);
      await run.waitFor('val-1/shards-2 server │ new pod s12');
    } finally {
      await run.stop();
      await kube.apply(statefulSet(1, 'shards', 2, 'server'));
    }
  });

  test('-f follows a container into its next run: the marker, the old run\'s last lines once, the new run\'s lines', async () => {
    await write(1, 'shards-0', 'server', ['run1 a', 'run1 b']);
    const run = follow('val-1/shards-0');
    try {
      await run.waitFor('│ run1 b\n');
      // Written just before the crash: it must come out once, read from the previous log if the stream missed it.
      await write(1, 'shards-0', 'server', ['run1 last words']);
      await restartContainer(stateDir, ns(1), 'shards-0', 'server', { exitCode: 1, reason: 'Error' });
      await write(1, 'shards-0', 'server', ['run2 a', 'run2 b']);
      await run.waitFor('↻ val-1/shards-0 server restarted (exit 1)\n');
      await run.waitFor('│ run2 b\n');
      await write(1, 'shards-0', 'server', ['run2 c']);
      await run.waitFor('│ run2 c\n');
    } finally {
      const { stdout } = await run.stop();
      for (const line of ['run1 a', 'run1 b', 'run1 last words', 'run2 a', 'run2 b', 'run2 c']) expect(occurrences(stdout, `│ ${line}\n`), line).toBe(1);
      expect(occurrences(stdout, 'restarted')).toBe(1);
    }

    const previous = await logs('val-1/shards-0', '--previous');
    expect(previous.code).toBe(0);
    expect(previous.stdout).toContain('│ run1 last words\n');
    expect(previous.stdout).not.toContain('run2');
    const current = await logs('val-1/shards-0');
    expect(current.stdout).toContain('│ run2 a\n');
    expect(current.stdout).not.toContain('run1');
  });

  test('--previous on pods that never restarted says there is nothing to show', async () => {
    const result = await logs('validator-0/shards', '--previous');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No container of shards of validator-0 has restarted, so there is no previous log.');
  });

  test('--include and --exclude keep matching lines only', async () => {
    await write(0, 'shards-1', 'server', ['filter block 1 ok', 'filter block 2 ERROR', 'filter block 3 ERROR healthz', 'filter other']);
    const result = await logs('val-0/shards-1', '--include', 'filter block \\d', '--include', 'nothing-else', '--exclude', 'healthz');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('│ filter block 1 ok\n');
    expect(result.stdout).toContain('│ filter block 2 ERROR\n');
    expect(result.stdout).not.toContain('healthz');
    expect(result.stdout).not.toContain('filter other');
  });

  test('-o json prints one object per line and per event, and an end event', async () => {
    await write(1, 'proxy-0', 'proxy', ['json line']);
    const once = await logs('val-1/proxy-0', '-o', 'json');
    const objects = once.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toContainEqual({ time: expect.stringMatching(/Z$/), namespace: ns(1), pod: 'proxy-0', container: 'proxy', text: 'json line', previous: false });

    const run = follow('val-1/proxy-0', '-o', 'json', '--tail', '1');
    try {
      await run.waitFor('"text":"json line"'); // the stream is open
      await write(1, 'proxy-0', 'proxy', ['json live']);
      await run.waitFor('"text":"json live"');
    } finally {
      const { stdout } = await run.stop();
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toEqual({ event: 'pod-added', namespace: ns(1), pod: 'proxy-0' });
      expect(lines.filter((l) => 'text' in l).map((l) => l.text)).toEqual(['json line', 'json live']);
      // A reader of the stream alone knows how it ended.
      expect(lines.at(-1)).toMatchObject({ event: 'end', status: 'interrupted', exitCode: 130 });
    }
  });

  test('a selector that names nothing is a user error listing the forms and the components', async () => {
    const result = await logs('shardz');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`No validator, component or pod of ${devnet} is called "shardz".`);
    expect(result.stderr).toContain('validator-1/shards-0');
    expect(result.stderr).toMatch(/Components of .*: .*shards.*proxy/);

    const badContainer = await logs('-c', 'sever');
    expect(badContainer.code).toBe(1);
    expect(badContainer.stderr).toContain(`No pod of ${devnet} has a container called "sever".`);
    expect(badContainer.stderr).toContain('its containers: proxy, server');

    const badRegex = await logs('--include', '(unclosed');
    expect(badRegex.code).toBe(1);
    expect(badRegex.stderr).toContain('--include "(unclosed" is not a valid regular expression');
  });

  test('the dashboard\'s source: a LogSelection followed until unsubscribed', async () => {
    await write(0, 'shards-0', 'server', ['dash s00']);
    const lines: LogLine[] = [];
    const events: LogEvent[] = [];
    const errors: unknown[] = [];
    const arrived = (text: string) => vi.waitFor(() => expect(lines.map((l) => l.text)).toContain(text), { timeout: 10_000 });
    const unsubscribe = dashboardLogs(kube, devnet, (e) => errors.push(e))({ kind: 'component', validator: 0, component: 'shards' }, { previous: false, tail: 100 }, (batch) => lines.push(...batch), (e) => events.push(e));
    try {
      await arrived('dash s00');
      await write(0, 'shards-1', 'server', ['dash s01']);
      await arrived('dash s01');
    } finally {
      unsubscribe();
    }
    expect(lines.find((l) => l.text === 'dash s01')).toMatchObject({ pod: `${ns(0)}/shards-1`, podName: 'shards-1', container: 'server', previous: false, time: expect.stringMatching(/Z$/) });
    expect(lines.every((l) => l.pod.startsWith(`${ns(0)}/shards-`))).toBe(true);
    const seqs = lines.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.filter((e) => e.kind === 'pod-added').map((e) => (e as { pod: string }).pod).sort()).toEqual([`${ns(0)}/shards-0`, `${ns(0)}/shards-1`]);
    expect(errors).toEqual([]);
  });
});
