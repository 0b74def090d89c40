/**
 * One container's stream against a scripted pods/log API: each follow() call plays the next script,
 * as the API server would answer (from the start of the second for sinceTime, a broken connection,
 * a stream that stays open). What the user would notice: every line once, in order, with markers.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ClusterError } from '../../../src/errors/index.js';
import { KubeApiError } from '../../../src/kube/client.js';
import type { LogQuery } from '../../../src/kube/logs.js';
import { ContainerFollow } from '../../../src/tasks/logs/container-follow.js';
import type { TimedLine } from '../../../src/tasks/logs/cursor.js';
import type { ContainerStatus, FollowerEvent, LogApi } from '../../../src/tasks/logs/types.js';

type Script = (onText: (text: string) => void, signal: AbortSignal) => Promise<void>;

const T = (ms: number) => `2026-01-01T10:00:00.${String(ms).padStart(3, '0')}000000Z`;
const log = (...lines: [number, string][]) => lines.map(([ms, text]) => `${T(ms)} ${text}\n`).join('');

/** Stays open until aborted, then returns quietly, as Transport.stream does. */
const open = (text = ''): Script => (onText, signal) => {
  if (text !== '') onText(text);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
};
const ends = (text: string): Script => async (onText) => onText(text);
const breaks = (text: string, error: Error): Script => async (onText) => {
  onText(text);
  throw error;
};

class ScriptedApi implements LogApi {
  readonly follows: LogQuery[] = [];
  /** The abort signal of each follow() call, to see when a stream was stopped. */
  readonly signals: AbortSignal[] = [];
  readonly reads: LogQuery[] = [];
  constructor(
    private readonly scripts: Script[],
    private readonly previous: string | undefined = undefined,
  ) {}

  follow(_ns: string, _pod: string, query: LogQuery, onText: (text: string) => void, signal: AbortSignal): Promise<void> {
    this.follows.push(query);
    this.signals.push(signal);
    return (this.scripts.shift() ?? open())(onText, signal);
  }

  async read(_ns: string, _pod: string, query: LogQuery): Promise<string | undefined> {
    this.reads.push(query);
    return this.previous;
  }
}

const running = (restartCount = 0): ContainerStatus => ({ name: 'node', ready: true, restartCount, state: { running: {} } });
const restarted = (restartCount: number, exitCode: number): ContainerStatus => ({
  ...running(restartCount),
  lastState: { terminated: { exitCode, reason: 'Error' } },
});
const terminated = (): ContainerStatus => ({ name: 'node', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });

function harness(api: LogApi, status: ContainerStatus | undefined, start = {}) {
  const controller = new AbortController();
  const lines: (TimedLine & { previous: boolean })[] = [];
  const events: FollowerEvent[] = [];
  const failures: Error[] = [];
  const follow = new ContainerFollow(
    {
      api,
      pod: { key: 'dn-val-0/shards-0', namespace: 'dn-val-0', name: 'shards-0' },
      container: 'node',
      signal: controller.signal,
      emit: (batch, previous) => lines.push(...batch.map((l) => ({ ...l, previous }))),
      event: (e) => events.push(e),
      fail: (e) => failures.push(e),
    },
    status,
    start,
  );
  stops.push(() => controller.abort());
  return { follow, lines, events, failures, texts: () => lines.map((l) => l.text), stop: () => controller.abort() };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('ContainerFollow', () => {
  test('a broken stream resumes at its cursor: nothing repeated, nothing lost, one reconnecting marker', async () => {
    const api = new ScriptedApi([
      breaks(log([100, 'a'], [200, 'b'], [200, 'c']), new Error('other side closed')),
      breaks('', new Error('connect ECONNREFUSED')),
      // The API answers sinceTime from the start of its second: a, b, c come again.
      open(log([100, 'a'], [200, 'b'], [200, 'c'], [200, 'd'], [300, 'e'])),
    ]);
    const h = harness(api, running(), { tailLines: 50 });
    await vi.waitFor(() => expect(h.texts()).toEqual(['a', 'b', 'c', 'd', 'e']), { timeout: 3000 });
    expect(api.follows.map((q) => [q.tailLines, q.sinceTime])).toEqual([
      [50, undefined],
      [undefined, T(200)],
      [undefined, T(200)],
    ]);
    expect(api.follows.every((q) => q.timestamps === true && q.container === 'node')).toBe(true);
    expect(h.events).toEqual([expect.objectContaining({ kind: 'reconnecting', container: 'node', reason: 'other side closed' })]);
    expect(h.lines[0]).toEqual({ time: T(100), text: 'a', previous: false });
  });

  test('every outage is marked once', async () => {
    const api = new ScriptedApi([
      breaks(log([100, 'a']), new Error('first outage')),
      breaks(log([100, 'a'], [200, 'b']), new Error('second outage')),
      breaks('', new Error('still the second')),
      open(log([200, 'b'], [300, 'c'])),
    ]);
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['a', 'b', 'c']), { timeout: 3000 });
    expect(h.events.map((e) => (e.kind === 'reconnecting' ? e.reason : e.kind))).toEqual(['first outage', 'second outage']);
  });

  test('a line cut by the break is read again whole, not half', async () => {
    const api = new ScriptedApi([breaks(`${T(100)} first\n${T(200)} seco`, new Error('ECONNRESET')), open(log([100, 'first'], [200, 'second']))]);
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['first', 'second']), { timeout: 3000 });
  });

  test('a restart: the old container\'s unread end (from its previous log), a marker, then the new container', async () => {
    const api = new ScriptedApi([open(log([100, 'a1'], [100, 'a2'])), open(log([500, 'b1']))], log([100, 'a1'], [100, 'a2'], [100, 'a3'], [150, 'panic: out of sync']));
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['a1', 'a2']));
    h.follow.update(restarted(1, 2));
    await vi.waitFor(() => expect(h.texts()).toEqual(['a1', 'a2', 'a3', 'panic: out of sync', 'b1']));
    expect(h.lines.map((l) => l.previous)).toEqual([false, false, true, true, false]);
    expect(api.reads).toEqual([expect.objectContaining({ previous: true, sinceTime: T(100), timestamps: true })]);
    expect(api.follows[1]?.sinceTime).toBe(T(150));
    expect(h.events).toEqual([expect.objectContaining({ kind: 'container-restarted', pod: 'dn-val-0/shards-0', container: 'node', restarts: 1, exitCode: 2, reason: 'Error' })]);
  });

  test('a stream that already crossed into the new container (its status lagging) repeats nothing', async () => {
    // As KWOK does: the open stream follows the log file into the new container.
    const api = new ScriptedApi([open(log([100, 'a1'], [500, 'b1'], [500, 'b2'])), open(log([500, 'b1'], [500, 'b2'], [600, 'b3']))], log([100, 'a1']));
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['a1', 'b1', 'b2']));
    h.follow.update(restarted(1, 1));
    await vi.waitFor(() => expect(h.texts()).toEqual(['a1', 'b1', 'b2', 'b3']));
    expect(h.events.map((e) => e.kind)).toEqual(['container-restarted']);
  });

  test('a container that stopped is read to its end once, not polled', async () => {
    const api = new ScriptedApi([ends(log([100, 'done']))]);
    const h = harness(api, terminated());
    await vi.waitFor(() => expect(h.texts()).toEqual(['done']));
    h.follow.update(terminated()); // the pod changed for another reason
    await h.follow.close(0);
    expect(api.follows).toHaveLength(1);
  });

  test('a container waiting to start is read once it runs, from its first line', async () => {
    const api = new ScriptedApi([open(log([100, 'hello']))]);
    const h = harness(api, { name: 'node', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } });
    await Promise.resolve();
    expect(api.follows).toHaveLength(0);
    h.follow.update(running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['hello']));
  });

  test('not allowed to read logs ends the follower with a cluster error', async () => {
    const api = new ScriptedApi([async () => Promise.reject(new KubeApiError(403, 'Forbidden', 'pods "shards-0" is forbidden', '/api/v1/…/log'))]);
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.failures).toHaveLength(1));
    expect(h.failures[0]).toBeInstanceOf(ClusterError);
    expect(h.failures[0]?.message).toContain('dn-val-0/shards-0');
  });

  test('close() gives a stream in flight its grace, then stops it', async () => {
    const api = new ScriptedApi([open(log([100, 'x']))]);
    const h = harness(api, running());
    await vi.waitFor(() => expect(h.texts()).toEqual(['x']));
    vi.useFakeTimers();
    try {
      let closed = false;
      const closing = h.follow.close(50).then(() => (closed = true));
      await vi.advanceTimersByTimeAsync(49);
      expect(api.signals[0]?.aborted).toBe(false);
      expect(closed).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await closing;
      expect(api.signals[0]?.aborted).toBe(true);
      expect(api.follows).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
