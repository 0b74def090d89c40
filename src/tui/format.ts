/** Small text formats shared by the panes. */
import type { PodHealth } from './model.js';

/** kubectl-style age: 42s, 5m, 3h, 2d. */
export function formatAge(createdAt: number | undefined, now: number): string {
  if (createdAt === undefined) return '';
  const seconds = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** 75 → "1m15s", 4.2 → "4s". */
export function formatSeconds(total: number): string {
  const seconds = Math.round(total);
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The clock part of an RFC 3339 timestamp, e.g. "12:04:05.123", as the API wrote it. */
export function clockTime(time: string | undefined): string {
  if (time === undefined) return '';
  const t = time.indexOf('T');
  if (t < 0) return time.slice(0, 12);
  return time.slice(t + 1, t + 13).replace(/[Z+-].*$/, '');
}

/** "healthy, last match 12s ago", "unhealthy, none for 3m", "waiting for first match". */
export function healthText(health: PodHealth, now: number): string {
  switch (health.state) {
    case 'healthy':
      return `healthy, last match ${formatAge(health.lastMatchAt ?? now, now)} ago`;
    case 'unhealthy':
      // devnet reads back only the last `within` of a long-running container's log: a match before
      // that is unknown, so the silence is at least this long, not exactly.
      if (health.lastMatchAt === undefined && health.readFrom === true) return `unhealthy, none for at least ${formatAge(health.watchedSince ?? now, now)}`;
      return `unhealthy, none for ${formatAge(health.lastMatchAt ?? health.watchedSince ?? now, now)}`;
    case 'waiting':
      return 'waiting for first match';
  }
}
