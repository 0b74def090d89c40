/** Small helpers for benchmarks: run something N times, report the median and spread. */
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** "1.23 s (1.10–1.41, n=5)": the median, then the smallest and largest run. */
export function spread(values: readonly number[], format: (ms: number) => string = seconds): string {
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))}, n=${values.length})`;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(0)} ms`;

export async function timeRuns(runs: number, fn: () => Promise<void> | void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

export function row(label: string, value: string, target?: string): string {
  return `  ${label.padEnd(58)} ${value.padStart(12)}${target ? `   (target ${target})` : ''}`;
}
