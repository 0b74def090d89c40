import { describe, expect, test } from 'vitest';
import { healthText } from '../../tui/format.js';
import { evaluate, MatchLog, nextChange, runOf, type ContainerRun } from './evaluate.js';

const RULE = { keyword: 'Prepared block', withinSeconds: 120 };
const T0 = Date.parse('2025-06-01T12:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '123456Z');

/** One replica watched from T0 on a virtual clock: lines written at a time, read at that time. */
function replica(startedAt: number | null = s(0)) {
  const log = new MatchLog(RULE.keyword);
  let run: ContainerRun = { startedAt: startedAt ?? undefined };
  return {
    write(at: number, text: string, previous = false) {
      return log.see({ text, time: iso(at), previous }, at);
    },
    restart(at: number) {
      run = { startedAt: at };
    },
    at(now: number) {
      const health = evaluate(RULE, log.lastMatchAt, run, s(0), now);
      return { ...health, text: healthText(health, now), next: nextChange(health) };
    },
  };
}

describe('log-keyword health on a virtual clock', () => {
  test('a match makes the replica healthy, counting from the line\'s own timestamp', () => {
    const r = replica();
    expect(r.write(s(10), '2025-06-01 🎁 Prepared block for proposing at 7 (0 ms)')).toBe(true);
    expect(r.at(s(22))).toMatchObject({ state: 'healthy', text: 'healthy, last match 12s ago', next: s(130) });
  });

  test('lines without the keyword do not count, and the keyword is a plain substring, case and all', () => {
    const r = replica();
    expect(r.write(s(5), '💤 Idle (3 peers), best: #2')).toBe(false);
    expect(r.write(s(6), 'prepared block')).toBe(false);
    expect(r.write(s(7), 'Prepared block.*')).toBe(true);
  });

  test('silence past `within` turns it unhealthy exactly at the threshold, as kubevali (since < threshold)', () => {
    const r = replica();
    r.write(s(10), 'Prepared block for proposing at 1');
    expect(r.at(s(129)).state).toBe('healthy');
    expect(r.at(s(130))).toMatchObject({ state: 'unhealthy', text: 'unhealthy, none for 2m', next: undefined });
    expect(r.at(s(190)).text).toBe('unhealthy, none for 3m');
    r.write(s(200), 'Prepared block for proposing at 2');
    expect(r.at(s(201))).toMatchObject({ state: 'healthy', text: 'healthy, last match 1s ago' });
  });

  test('never matched: waiting for the first `within` of the container, then unhealthy', () => {
    const r = replica();
    expect(r.at(s(30))).toMatchObject({ state: 'waiting', text: 'waiting for first match', next: s(120) });
    expect(r.at(s(120))).toMatchObject({ state: 'unhealthy', text: 'unhealthy, none for 2m' });
    expect(r.at(s(300)).text).toBe('unhealthy, none for 5m');
  });

  test('a restart forgets the old container\'s matches: waiting again, healthy on the new container\'s first match', () => {
    const r = replica();
    r.write(s(10), 'Prepared block for proposing at 1');
    r.restart(s(20));
    expect(r.at(s(21))).toMatchObject({ state: 'waiting', watchedSince: s(20), next: s(140) });
    // What the old container wrote last arrives after the restart, as the previous log: it is not the new one's.
    expect(r.write(s(19), 'Prepared block for proposing at 2', true)).toBe(false);
    expect(r.at(s(140))).toMatchObject({ state: 'unhealthy', text: 'unhealthy, none for 2m' });
    r.write(s(150), 'Prepared block for proposing at 3');
    expect(r.at(s(151))).toMatchObject({ state: 'healthy', text: 'healthy, last match 1s ago' });
  });

  test('a new container\'s line read before its restart is seen still counts for it (dated after its start)', () => {
    const r = replica();
    r.write(s(25), 'Prepared block for proposing at 4');
    r.restart(s(20));
    expect(r.at(s(26)).state).toBe('healthy');
  });

  test('watching a container that has run for long: the read-back window counts as watched, and the silence is at least that long', () => {
    const r = replica(s(-3600));
    // A match eight minutes ago is older than the two devnet read back: it cannot say "none for 2m".
    expect(r.at(s(0))).toMatchObject({ state: 'unhealthy', watchedSince: s(-120), text: 'unhealthy, none for at least 2m' });
    expect(r.at(s(180)).text).toBe('unhealthy, none for at least 5m');
    const started = replica(s(-30));
    expect(started.at(s(0))).toMatchObject({ state: 'waiting', watchedSince: s(-30), next: s(90) });
  });

  test('no running container: waiting, whatever the old one matched', () => {
    const r = replica(null);
    r.write(s(10), 'Prepared block');
    expect(r.at(s(11))).toMatchObject({ state: 'waiting', text: 'waiting for first match', next: undefined });
  });

  test('a line stamped ahead of this clock is dated now, never in the future', () => {
    const log = new MatchLog('x');
    log.see({ text: 'x', time: iso(s(60)), previous: false }, s(10));
    expect(log.lastMatchAt).toBe(s(10));
    log.see({ text: 'x', previous: false }, s(12));
    expect(log.lastMatchAt).toBe(s(12));
  });

  test('the container\'s start comes from the pod status, only while it runs', () => {
    expect(runOf([{ name: 'node', state: { running: { startedAt: '2025-06-01T12:00:00Z' } } }], 'node')).toEqual({ startedAt: T0 });
    expect(runOf([{ name: 'node', state: {} }], 'node')).toEqual({ startedAt: undefined });
    expect(runOf(undefined, 'node')).toEqual({ startedAt: undefined });
  });
});
