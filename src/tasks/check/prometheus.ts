/**
 * The Prometheus text exposition format (version 0.0.4), as far as a check needs it: samples
 * with their labels and values. Comments (# HELP, # TYPE) and timestamps are ignored.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (match === null) continue;
    const labels = parseLabels(match[2] ?? '');
    if (labels === undefined) continue;
    samples.push({ name: match[1] ?? '', labels, value: parseValue(match[3] ?? '') });
  }
  return samples;
}

function parseLabels(block: string): Record<string, string> | undefined {
  if (block === '') return {};
  const inner = block.slice(1, -1);
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < inner.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(inner);
    if (match === null) return inner.slice(start).trim() === '' ? labels : undefined;
    labels[match[1] ?? ''] = unescape(match[2] ?? '');
  }
  return labels;
}

function unescape(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

export function selectSamples(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>>): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

export function compare(value: number, op: string, wanted: number): boolean {
  switch (op) {
    case '>=':
      return value >= wanted;
    case '>':
      return value > wanted;
    case '<=':
      return value <= wanted;
    case '<':
      return value < wanted;
    case '==':
      return value === wanted;
    default:
      return value !== wanted;
  }
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}
