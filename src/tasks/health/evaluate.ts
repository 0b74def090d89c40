/**
 * Deciding a replica's log-keyword health, as kubevali's watchlog does (darwinia-network/kubevali
 * at 377704c, watchlog/watchlog.go): a line matches when it contains the keyword (line 40,
 * strings.Contains), and the replica is healthy while the last match is younger than the
 * threshold (line 100, `since < LastThreshold`).
 *
 * What devnet adds, because it watches from outside the pod rather than as the pod's parent:
 *   - A match counts for the container that wrote it. kubevali forgets its matches when it restarts
 *     with the node (lastAt starts at zero, line 53); devnet dates each match by the log line's
 *     timestamp and keeps it only while it is not older than the running container's start. (The
 *     API gives that start to the second, so a match in the second of a restart may count once.)
 *   - A replica that has not matched yet is "waiting" for the first `within` of its container; after
 *     that it is unhealthy. When devnet starts watching a container that runs already, it reads back
 *     `within` of its log, so that window counts as watched.
 * Pure: every time is passed in, so tests drive a virtual clock.
 */
import type { HealthPlan } from '../../networks/topology.js';
import type { PodHealth } from '../../tui/model.js';
import { timeKey } from '../logs/cursor.js';

export type HealthRule = Pick<HealthPlan, 'keyword' | 'withinSeconds'>;

/** The container a replica runs now: when it started (epoch ms), or undefined while none runs. */
export interface ContainerRun {
  startedAt: number | undefined;
}

/** A log line as the log engine delivers it. */
export interface SeenLine {
  text: string;
  /** The API's RFC 3339 timestamp, when the line had one. */
  time?: string | undefined;
  /** Read from the container before the last restart. */
  previous: boolean;
}

/** The newest match in one replica's log. */
export class MatchLog {
  private last: number | undefined;

  constructor(private readonly keyword: string) {}

  /** Notes a line; true when it matched. A line without a timestamp is dated when it arrived. */
  see(line: SeenLine, receivedAt: number): boolean {
    if (line.previous || !line.text.includes(this.keyword)) return false;
    const key = line.time === undefined ? undefined : timeKey(line.time);
    // A cluster clock ahead of this one must not make a match look younger than now.
    const at = key === undefined ? receivedAt : Math.min(receivedAt, Number(key / 1_000_000n));
    if (this.last === undefined || at > this.last) this.last = at;
    return true;
  }

  get lastMatchAt(): number | undefined {
    return this.last;
  }
}

export function evaluate(rule: HealthRule, lastMatchAt: number | undefined, run: ContainerRun, watchStartedAt: number, now: number): PodHealth {
  const base = { keyword: rule.keyword, withinSeconds: rule.withinSeconds };
  const within = rule.withinSeconds * 1000;
  if (run.startedAt === undefined) return { ...base, state: 'waiting' };
  if (lastMatchAt !== undefined && lastMatchAt >= run.startedAt) {
    return { ...base, state: now - lastMatchAt < within ? 'healthy' : 'unhealthy', lastMatchAt };
  }
  const watchedSince = Math.max(run.startedAt, watchStartedAt - within);
  const readFrom = watchedSince > run.startedAt;
  return { ...base, state: now - watchedSince < within ? 'waiting' : 'unhealthy', watchedSince, ...(readFrom ? { readFrom } : {}) };
}

/** When the state changes by itself if no line arrives: healthy and waiting both turn unhealthy. */
export function nextChange(health: PodHealth): number | undefined {
  const within = health.withinSeconds * 1000;
  if (health.state === 'healthy' && health.lastMatchAt !== undefined) return health.lastMatchAt + within;
  if (health.state === 'waiting' && health.watchedSince !== undefined) return health.watchedSince + within;
  return undefined;
}

/** When a container's current run started, from the pod's status; undefined unless it runs. */
export function runOf(statuses: readonly { name: string; state?: { running?: { startedAt?: string } } }[] | undefined, container: string): ContainerRun {
  const started = statuses?.find((s) => s.name === container)?.state?.running?.startedAt;
  const at = started === undefined ? Number.NaN : Date.parse(started);
  return { startedAt: Number.isNaN(at) ? undefined : at };
}
