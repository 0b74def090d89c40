import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { PingOutcome } from '../../system/ping.js';
import type { PodHealth } from '../../tui/model.js';
import type { ReplicaHealth } from './monitor.js';
import { Pinger } from './pinger.js';

const MINUTE = 60_000;
const rule = { keyword: 'Prepared block', withinSeconds: 120 };

/** The replica as the monitor would report it; tests change it between ticks. */
function replica(health: PodHealth | undefined, run: string | undefined): ReplicaHealth {
  return { key: 'substrate-val-0/node-1', namespace: 'substrate-val-0', pod: 'node-1', validator: 0, component: 'node', health, run, ping: { url: 'https://hc.example.org', check: 'c1' } };
}

function setup(outcomes: (() => Promise<PingOutcome>)[] = []) {
  let current = replica(undefined, undefined);
  const sent: { url: string; body: string }[] = [];
  const reports: string[] = [];
  const pinger = new Pinger({
    send: (url, body) => {
      sent.push({ url, body });
      return outcomes.shift()?.() ?? Promise.resolve({ ok: true, detail: 'HTTP 200' });
    },
    intervalMs: MINUTE,
    timeoutMs: 10_000,
    current: () => current,
    report: (message) => reports.push(message),
    label: () => 'validator-0/node-1',
  });
  return {
    pinger,
    sent,
    reports,
    paths: () => sent.map((s) => new URL(s.url).pathname),
    set(next: ReplicaHealth) {
      current = next;
      pinger.update([next]);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('pings, the way kubevali sends them', () => {
  test('nothing before the first match; then one at once and one a minute, /fail once the keyword stops', async () => {
    const t = setup();
    t.set(replica({ ...rule, state: 'waiting', watchedSince: Date.now() }, 'uid@1'));
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(t.sent).toEqual([]);

    t.set(replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@1'));
    expect(t.paths()).toEqual(['/c1']);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(t.paths()).toEqual(['/c1', '/c1']);

    t.set(replica({ ...rule, state: 'unhealthy', lastMatchAt: Date.now() - 3 * MINUTE }, 'uid@1'));
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(t.paths()).toEqual(['/c1', '/c1', '/c1/fail']);
    expect(t.sent[2]?.body).toBe('validator-0/node-1: unhealthy, none for 4m (keyword "Prepared block" expected every 2m)\n');
    await t.pinger.stop();
  });

  test('a restart stops the pings until the new container\'s first match', async () => {
    const t = setup();
    t.set(replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@1'));
    t.set(replica({ ...rule, state: 'waiting', watchedSince: Date.now() }, 'uid@2'));
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(t.paths()).toEqual(['/c1']);
    t.set(replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@2'));
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(t.paths()).toEqual(['/c1', '/c1', '/c1']);
    await t.pinger.stop();
  });

  test('a failing URL is reported once, and once more when it works again', async () => {
    const fail = () => Promise.resolve({ ok: false, detail: 'HTTP 404' });
    const t = setup([fail, fail, fail]);
    t.set(replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@1'));
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(t.sent).toHaveLength(4);
    expect(t.reports).toEqual([
      'health pings for validator-0/node-1 to hc.example.org fail (HTTP 404); devnet keeps trying every 60s and says so when they work again',
      'health pings for validator-0/node-1 to hc.example.org work again',
    ]);
    expect(t.pinger.stats).toEqual({ sent: 4, failed: 3, skipped: 0 });
    await t.pinger.stop();
  });

  test('a ping still in flight at the next tick is not doubled; stop waits for it', async () => {
    let answer: ((outcome: PingOutcome) => void) | undefined;
    const slow = () => new Promise<PingOutcome>((resolve) => (answer = resolve));
    const t = setup([slow]);
    t.set(replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@1'));
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(t.sent).toHaveLength(1);
    expect(t.pinger.stats.skipped).toBe(2);
    let stopped = false;
    const stopping = t.pinger.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    answer?.({ ok: true, detail: 'HTTP 200' });
    await stopping;
    expect(stopped).toBe(true);
  });

  test('check ids are one path segment', async () => {
    const t = setup();
    t.set({ ...replica({ ...rule, state: 'healthy', lastMatchAt: Date.now() }, 'uid@1'), ping: { url: 'https://hc-ping.com/KEY', check: 'substrate-val-0-node-1' } });
    expect(t.sent[0]?.url).toBe('https://hc-ping.com/KEY/substrate-val-0-node-1');
    await t.pinger.stop();
  });
});
