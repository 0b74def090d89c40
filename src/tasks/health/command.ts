/**
 * devnet health: kubevali's watchlog for a whole devnet, run on its own (a laptop, a CI job). It
 * reads back the last `within` of every replica's log, then follows the logs; it pings each
 * replica's check the way kubevali does; and it prints each replica's state.
 *
 * Without --follow it watches until every replica is healthy (exit 0), or until the longest
 * `within` of the rules has passed since it started (exit 4, with the replicas that are not): by
 * then a replica that can be healthy has shown its keyword.
 */
import { InterruptedError, NotReadyError, UserError } from '../../errors/index.js';
import type { PodObject } from '../../kube/conditions.js';
import { Informer } from '../../kube/informer.js';
import { normalisePingUrl, pingUrlProblem } from '../../networks/health.js';
import { kindOf } from '../../networks/registry.js';
import type { CommandLines } from '../../output/command-line.js';
import { theme } from '../../output/theme.js';
import { LABEL } from '../../render/labels.js';
import type { Io } from '../../system/io.js';
import { sendPing } from '../../system/ping.js';
import { formatSeconds } from '../../tui/format.js';
import { loadProfile, type LoadedProfile, type ProfileFlags } from '../load-profile.js';
import type { ClusterFlags } from '../target.js';
import { withCurrent } from '../current.js';
import { openDevnet } from '../open-devnet.js';
import { HealthMonitor, healthComponents } from './monitor.js';
import { Pinger } from './pinger.js';
import { changeLine, healthTable, healthyCount, replicaJson, replicaLabel, ruleLines, stateOf } from './report.js';
import { untilHealthy } from './wait.js';

export interface HealthFlags extends ProfileFlags, ClusterFlags {
  follow: boolean;
  pingUrl: string | undefined;
  json: boolean;
  /** How often each replica is pinged: every minute, as kubevali (watchlog.go:72); shorter for tests. */
  pingIntervalSeconds: number;
}

/** kubevali's HTTP client timeout (watchlog/watchlog.go:92). */
const PING_TIMEOUT_MS = 10_000;

export async function runHealth(flags: HealthFlags, io: Io): Promise<void> {
  const pingUrl = checkedPingUrl(flags.pingUrl);
  const { flags: chosen } = await withCurrent(flags, io);
  const loaded = await loadProfile(chosen, io.cwd, 'existing');
  const rules = healthComponents(loaded.topology);
  if (rules.length === 0) {
    throw new UserError(`No component of ${loaded.file} has a health rule, so there is nothing to watch.`, {
      hint: `add health: {keyword, within} to a component (e.g. ${example(loaded)}); see "Log health" in the README`,
    });
  }
  const { kube, lines } = await openDevnet(chosen, io, 'health');
  const controller = new AbortController();
  const signal = AbortSignal.any([io.signal, controller.signal]);
  const pods = new Informer<PodObject>(kube, 'v1', 'Pod', { labelSelector: `${LABEL.instance}=${loaded.profile.name}` });
  let failure: Error | undefined;
  // A log stream that ended for good (e.g. not allowed to read logs) ends the watch: its states would go stale.
  const fail = (error: Error) => {
    failure ??= error;
    controller.abort();
  };
  const monitor = new HealthMonitor(kube, loaded.topology, pods, { follow: true, pingUrl, onError: fail });
  const t = theme(io.env, io.stdout);
  const warn = (message: string) => io.stderr.write(`${theme(io.env, io.stderr).warning('warning')} ${message}\n`);
  const pinger = new Pinger({
    send: sendPing,
    intervalMs: flags.pingIntervalSeconds * 1000,
    timeoutMs: PING_TIMEOUT_MS,
    current: (key) => monitor.replicas().find((r) => r.key === key),
    report: warn,
    label: replicaLabel,
  });
  try {
    await pods.start(signal);
    await monitor.start(signal);
    const heading = `${loaded.profile.name} (${loaded.topology.network}, context ${kube.context})`;
    const footer = ruleLines(rules.map((c) => ({ component: c.name, health: c.health })), pingUrl, t);
    const update = () => pinger.update(monitor.replicas());
    const unsubscribe = monitor.onChange(update);
    update();
    try {
      if (flags.follow) await follow(monitor, { io, json: flags.json, heading, footer, signal, failure: () => failure });
      else await decide(monitor, { io, json: flags.json, heading, footer, signal, failure: () => failure, devnet: loaded.profile.name, context: kube.context, lines });
    } finally {
      unsubscribe();
      await pinger.stop();
    }
  } finally {
    controller.abort();
    pods.stop();
  }
}

interface Output {
  io: Io;
  json: boolean;
  heading: string;
  footer: string[];
  /** Ctrl-C, or a log stream that failed for good. */
  signal: AbortSignal;
  failure: () => Error | undefined;
}

/** Prints the table, then a line per change of state, until Ctrl-C. */
async function follow(monitor: HealthMonitor, out: Output): Promise<void> {
  const t = theme(out.io.env, out.io.stdout);
  const now = Date.now();
  const first = monitor.replicas(now);
  if (out.json) for (const r of first) out.io.stdout.write(`${JSON.stringify({ time: new Date(now).toISOString(), event: 'health', ...replicaJson(r, now) })}\n`);
  else out.io.stdout.write(`${[...healthTable(first, out.heading, t, now), ...out.footer].join('\n')}\n`);
  const states = new Map(first.map((r) => [r.key, stateOf(r)]));
  const unsubscribe = monitor.onChange(() => {
    const at = Date.now();
    for (const r of monitor.replicas(at)) {
      if (states.get(r.key) === stateOf(r)) continue;
      states.set(r.key, stateOf(r));
      out.io.stdout.write(out.json ? `${JSON.stringify({ time: new Date(at).toISOString(), event: 'health', ...replicaJson(r, at) })}\n` : `${changeLine(r, t, at)}\n`);
    }
  });
  if (!out.signal.aborted) await new Promise<void>((resolve) => out.signal.addEventListener('abort', () => resolve(), { once: true }));
  unsubscribe();
  const failure = out.failure();
  if (failure !== undefined) throw failure;
  throw new InterruptedError('Stopped watching; no more pings are sent.');
}

/** Watches until every replica is healthy or the longest `within` has passed; prints the outcome. */
async function decide(monitor: HealthMonitor, out: Output & { devnet: string; context: string; lines: CommandLines }): Promise<void> {
  const t = theme(out.io.env, out.io.stdout);
  const start = monitor.replicas();
  if (start.every((r) => r.health === undefined)) {
    throw new NotReadyError(`No pod of ${out.devnet} runs in context ${out.context}, so no replica can be healthy.`, { hint: `${out.lines.up()} starts the devnet; ${out.lines.devnet('status')} shows what exists` });
  }
  const longest = Math.max(...start.map((r) => r.health?.withinSeconds ?? 0));
  if (!start.every((r) => r.health?.state === 'healthy')) {
    out.io.stderr.write(`${theme(out.io.env, out.io.stderr).dim(`Watching ${start.length} replicas of ${out.devnet} for up to ${formatSeconds(longest)}, until every one is healthy…`)}\n`);
  }
  const healthy = await untilHealthy(monitor, AbortSignal.any([out.signal, AbortSignal.timeout(longest * 1000)]));
  const failure = out.failure();
  if (failure !== undefined) throw failure;
  if (out.io.signal.aborted) throw new InterruptedError('Interrupted before every replica was healthy.');
  const now = Date.now();
  const replicas = monitor.replicas(now);
  if (out.json) out.io.stdout.write(`${JSON.stringify({ devnet: out.devnet, context: out.context, healthy, replicas: replicas.map((r) => replicaJson(r, now)) }, null, 2)}\n`);
  else out.io.stdout.write(`${[...healthTable(replicas, out.heading, t, now), ...out.footer].join('\n')}\n`);
  if (healthy) return;
  const bad = replicas.filter((r) => r.health?.state !== 'healthy');
  throw new NotReadyError(`${bad.length} of ${replicas.length} replicas of ${out.devnet} are not healthy after watching for ${formatSeconds(longest)} (${healthyCount(replicas)} healthy).`, {
    hint: `${out.lines.devnet(`logs ${replicaLabel(bad[0] ?? replicas[0] ?? { validator: 0, pod: '' })}`)} shows what it logs; ${out.lines.devnet('health --follow')} keeps watching`,
  });
}

function checkedPingUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const problem = pingUrlProblem(text);
  if (problem !== undefined) throw new UserError(`--ping-url ${problem}, not "${text.replace(/\/\/[^@/]*@/, '//…@')}".`, { hint: 'give the base URL, e.g. --ping-url https://hc-ping.com or your own healthchecks server' });
  return normalisePingUrl(text);
}

/** The first health: block the profile's kind has, e.g. linera.shards.health. */
function example(loaded: LoadedProfile): string {
  const [first] = kindOf(loaded.profile).health(loaded.profile);
  return [...(first?.path ?? [loaded.profile.network]), 'health'].join('.');
}
