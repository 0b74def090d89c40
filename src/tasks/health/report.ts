/** How `devnet health` prints replicas: a table, a line per change, or JSON. */
import type { Theme } from '../../output/theme.js';
import { formatSeconds, healthText } from '../../tui/format.js';
import type { HealthPlan } from '../../networks/topology.js';
import type { ReplicaHealth } from './monitor.js';

/** `validator-0/node-1`: the selector `devnet logs` takes for the same pod. */
export function replicaLabel(replica: Pick<ReplicaHealth, 'validator' | 'pod'>): string {
  return `${replica.validator === null ? 'shared' : `validator-${replica.validator}`}/${replica.pod}`;
}

export function stateOf(replica: ReplicaHealth): string {
  return replica.health?.state ?? 'missing';
}

function textOf(replica: ReplicaHealth, now: number): string {
  return replica.health === undefined ? 'no pod' : healthText(replica.health, now);
}

export function replicaJson(replica: ReplicaHealth, now: number): object {
  const last = replica.health?.lastMatchAt;
  return {
    validator: replica.validator,
    namespace: replica.namespace,
    component: replica.component,
    pod: replica.pod,
    state: stateOf(replica),
    text: textOf(replica, now),
    lastMatchAt: last === undefined ? null : new Date(last).toISOString(),
    ...(replica.health === undefined ? {} : { keyword: replica.health.keyword, withinSeconds: replica.health.withinSeconds }),
  };
}

export function healthyCount(replicas: readonly ReplicaHealth[]): number {
  return replicas.filter((r) => r.health?.state === 'healthy').length;
}

const TONE: Record<string, (t: Theme, s: string) => string> = {
  healthy: (t, s) => t.ok(s),
  unhealthy: (t, s) => t.error(s),
  waiting: (t, s) => t.warning(s),
  missing: (t, s) => t.dim(s),
};

export function healthTable(replicas: readonly ReplicaHealth[], heading: string, t: Theme, now: number): string[] {
  const rows = [['VALIDATOR', 'COMPONENT', 'POD', 'HEALTH'], ...replicas.map((r) => [r.validator === null ? 'shared' : `validator-${r.validator}`, r.component, r.pod, textOf(r, now)])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[], i: number) => {
    const cells = row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell));
    if (i === 0) return t.dim(cells.join('  '));
    const replica = replicas[i - 1];
    return [...cells.slice(0, 3), (TONE[replica === undefined ? 'missing' : stateOf(replica)] ?? TONE.missing)?.(t, cells[3] ?? '')].join('  ');
  };
  return [`${t.bold(heading)}: ${healthyCount(replicas)}/${replicas.length} replicas healthy`, ...rows.map(line)];
}

/** "node: "Prepared block" at least every 2m, pings to hc-ping.com": what each rule is, under the table. */
export function ruleLines(rules: readonly { component: string; health: HealthPlan }[], pingUrl: string | undefined, t: Theme): string[] {
  const seen = new Set<string>();
  return rules.flatMap(({ component, health }) => {
    if (seen.has(component)) return [];
    seen.add(component);
    const url = pingUrl ?? health.pings?.url;
    const pings = url === undefined ? '' : `, pings to ${new URL(url).host}`;
    return [t.dim(`${component}: "${health.keyword}" at least every ${formatSeconds(health.withinSeconds)}${pings}`)];
  });
}

export function changeLine(replica: ReplicaHealth, t: Theme, now: number): string {
  const time = new Date(now).toISOString().slice(11, 19);
  return `${t.dim(time)} ${replicaLabel(replica)} ${(TONE[stateOf(replica)] ?? TONE.missing)?.(t, textOf(replica, now))}`;
}
