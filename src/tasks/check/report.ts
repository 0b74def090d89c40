/** How outcomes are shown: human lines (stdout), or one NDJSON event per assertion with --json. */
import type { Theme } from '../../output/theme.js';
import type { Outcome } from './types.js';

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export function totals(outcomes: readonly Outcome[]): Totals {
  return {
    passed: outcomes.filter((o) => o.status === 'passed').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function outcomeLines(outcome: Outcome, t: Theme): string[] {
  if (outcome.status === 'passed') {
    return [`${t.ok('✔')} ${outcome.name} ${t.dim(`(${seconds(outcome.durationMs)})`)}`, t.dim(`    seen: ${outcome.seen}`)];
  }
  if (outcome.status === 'skipped') return [`${t.dim('-')} ${outcome.name}: ${t.dim(`skipped, ${outcome.seen}`)}`];
  return [
    `${t.error('✘')} ${outcome.name} ${t.dim(`(${seconds(outcome.durationMs)})`)}`,
    `    expected: ${outcome.expected}`,
    `    seen:     ${outcome.seen}`,
    `    look:     ${outcome.where}`,
  ];
}

export function summaryLine(sum: Totals, t: Theme): string {
  const text = `${sum.passed} passed, ${sum.failed} failed${sum.skipped > 0 ? `, ${sum.skipped} skipped` : ''}`;
  return sum.failed > 0 ? t.error(text) : t.ok(text);
}

export function outcomeEvent(outcome: Outcome, time: Date): Record<string, unknown> {
  return {
    time: time.toISOString(),
    event: 'check',
    id: outcome.id,
    name: outcome.name,
    source: outcome.source,
    kind: outcome.kind,
    status: outcome.status,
    expected: outcome.expected,
    seen: outcome.seen,
    where: outcome.where,
    measurements: outcome.measurements,
    durationMs: outcome.durationMs,
  };
}
