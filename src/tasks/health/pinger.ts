/**
 * Health pings the way kubevali sends them (darwinia-network/kubevali@377704c, watchlog/watchlog.go):
 * nothing until the keyword is first seen; then a ping at once (line 68) and one every minute
 * (line 72) to <base>/<check> while the last match is younger than the threshold, else to
 * <base>/<check>/fail (lines 100-106).
 *
 * kubevali runs inside the node's container, so a restart starts it over: no pings until the new
 * container's first match. devnet does the same per container run (pod uid and start time).
 * A ping never blocks the watch: it runs on its own, bounded by a timeout, at most one in flight
 * per replica (a tick that finds one still running is skipped). A failing URL is reported once,
 * and again only once it works.
 */
import type { PingOutcome } from '../../system/ping.js';
import { formatSeconds, healthText } from '../../tui/format.js';
import type { ReplicaHealth } from './monitor.js';

export type SendPing = (url: string, body: string, timeoutMs: number, signal: AbortSignal) => Promise<PingOutcome>;

export interface PingerOptions {
  send: SendPing;
  /** One minute, as kubevali; shorter in tests. */
  intervalMs: number;
  /** kubevali's HTTP client gives up after 10s (watchlog.go:92). */
  timeoutMs: number;
  /** The replica as it is now, at each tick. */
  current: (key: string) => ReplicaHealth | undefined;
  report: (message: string) => void;
  label: (replica: ReplicaHealth) => string;
  clock?: () => number;
}

interface Schedule {
  run: string;
  timer: NodeJS.Timeout;
  inFlight: Promise<void> | undefined;
  failing: boolean;
}

export interface PingStats {
  sent: number;
  failed: number;
  skipped: number;
}

export class Pinger {
  private readonly schedules = new Map<string, Schedule>();
  private readonly controller = new AbortController();
  readonly stats: PingStats = { sent: 0, failed: 0, skipped: 0 };

  constructor(private readonly options: PingerOptions) {}

  /** After every change: starts a replica's pings at its container's first match, stops them when the container is another. */
  update(replicas: readonly ReplicaHealth[]): void {
    if (this.controller.signal.aborted) return;
    for (const replica of replicas) {
      const schedule = this.schedules.get(replica.key);
      if (schedule !== undefined && schedule.run !== replica.run) this.drop(replica.key, schedule);
      if (this.schedules.has(replica.key) || replica.ping === undefined || replica.run === undefined) continue;
      if (replica.health?.lastMatchAt === undefined) continue;
      const started: Schedule = { run: replica.run, timer: setInterval(() => this.tick(replica.key), this.options.intervalMs), inFlight: undefined, failing: false };
      this.schedules.set(replica.key, started);
      this.tick(replica.key);
    }
  }

  /** Stops the schedules and waits for the pings in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    for (const schedule of this.schedules.values()) clearInterval(schedule.timer);
    const inFlight = [...this.schedules.values()].flatMap((s) => (s.inFlight === undefined ? [] : [s.inFlight]));
    await Promise.all(inFlight);
    this.controller.abort();
    this.schedules.clear();
  }

  private drop(key: string, schedule: Schedule): void {
    clearInterval(schedule.timer);
    this.schedules.delete(key);
  }

  private tick(key: string): void {
    const schedule = this.schedules.get(key);
    const replica = this.options.current(key);
    if (schedule === undefined) return;
    if (replica?.ping === undefined || replica.health === undefined || replica.run !== schedule.run) return this.drop(key, schedule);
    if (schedule.inFlight !== undefined) {
      this.stats.skipped++;
      return;
    }
    const healthy = replica.health.state === 'healthy';
    const url = `${replica.ping.url}/${encodeURIComponent(replica.ping.check)}${healthy ? '' : '/fail'}`;
    const body = `${this.options.label(replica)}: ${healthText(replica.health, (this.options.clock ?? Date.now)())} (keyword "${replica.health.keyword}" expected every ${formatSeconds(replica.health.withinSeconds)})\n`;
    this.stats.sent++;
    schedule.inFlight = this.options
      .send(url, body, this.options.timeoutMs, this.controller.signal)
      .then((outcome) => this.outcome(replica, schedule, outcome))
      .finally(() => (schedule.inFlight = undefined));
  }

  private outcome(replica: ReplicaHealth, schedule: Schedule, outcome: PingOutcome): void {
    if (!outcome.ok) this.stats.failed++;
    if (outcome.ok === !schedule.failing) return;
    schedule.failing = !outcome.ok;
    // The host only: the path holds the check id (and perhaps a ping key), which need not be in a CI log.
    const where = `${this.options.label(replica)} to ${hostOf(replica.ping?.url ?? '')}`;
    this.options.report(outcome.ok ? `health pings for ${where} work again` : `health pings for ${where} fail (${outcome.detail}); devnet keeps trying every ${Math.round(this.options.intervalMs / 1000)}s and says so when they work again`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
