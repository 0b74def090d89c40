import { describe, expect, test } from 'vitest';
import { theme } from '../../../src/output/theme.js';
import { LogFormatter, podLabel } from '../../../src/tasks/logs/format.js';
import type { LogLine } from '../../../src/tui/model.js';

const plain = theme({ NO_COLOR: '1' }, { isTTY: true });
const colour = theme({ FORCE_COLOR: '1' }, { isTTY: true });
const line = (over: Partial<LogLine> = {}): LogLine => ({
  seq: 1,
  pod: 'dn-val-1/shards-0',
  podName: 'shards-0',
  container: 'node',
  text: 'block 7 finalized',
  time: '2026-01-01T10:00:00.123456789Z',
  previous: false,
  ...over,
});
const fmt = (over: Partial<ConstructorParameters<typeof LogFormatter>[0]> = {}) => new LogFormatter({ devnet: 'dn', json: false, timestamps: false, theme: plain, ...over });

describe('human output', () => {
  test('pod (namespace without the devnet name), container, a bar, the text', () => {
    expect(fmt().line(line())).toBe('val-1/shards-0 node │ block 7 finalized\n');
    expect(podLabel('dn', 'dn-shared', 'boot-0')).toBe('shared/boot-0');
    expect(podLabel('dn', 'elsewhere', 'x-0')).toBe('elsewhere/x-0');
  });

  test('columns line up with the widest pod seen so far', () => {
    const f = fmt();
    f.line(line({ podName: 'block-exporter-0', pod: 'dn-val-1/block-exporter-0' }));
    // "val-1/block-exporter-0 node" is 8 characters wider than "val-1/shards-0 node".
    expect(f.line(line())).toBe(`val-1/shards-0 node${' '.repeat(8)} │ block 7 finalized\n`);
  });

  test('the pods known at the start set the width before the first line', () => {
    const f = fmt();
    f.widen([{ ref: { key: 'dn-val-1/proxy-0', namespace: 'dn-val-1', name: 'proxy-0' }, containers: ['proxy', 'metrics-sidecar'] }]);
    // "val-1/proxy-0 metrics-sidecar" is 10 characters wider than "val-1/shards-0 node".
    expect(f.line(line())).toBe(`val-1/shards-0 node${' '.repeat(10)} │ block 7 finalized\n`);
  });

  test('--timestamps puts the API\'s time first', () => {
    expect(fmt({ timestamps: true }).line(line())).toBe('2026-01-01T10:00:00.123456789Z val-1/shards-0 node │ block 7 finalized\n');
  });

  test('each pod has its own colour, the dashboard\'s, keyed by namespace/name; none without colour', () => {
    const coloured = fmt({ theme: colour }).line(line());
    expect(coloured).toContain(colour.keyed('dn-val-1/shards-0', 'val-1/shards-0'));
    expect(coloured).toContain('\u001b[');
    expect(fmt().line(line())).not.toContain('\u001b[');
  });

  test('markers for pods coming and going and for restarts', () => {
    const f = fmt();
    const pod = { pod: 'dn-val-1/shards-0', namespace: 'dn-val-1', podName: 'shards-0' };
    expect(f.event({ kind: 'pod-added', ...pod })).toBe('+ val-1/shards-0\n');
    expect(f.event({ kind: 'pod-removed', ...pod })).toBe('- val-1/shards-0\n');
    expect(f.event({ kind: 'container-restarted', ...pod, container: 'node', restarts: 1, exitCode: 1, reason: 'Error' })).toBe('↻ val-1/shards-0 node restarted (exit 1)\n');
    expect(f.event({ kind: 'container-restarted', ...pod, container: 'node', restarts: 2, exitCode: 137, reason: 'OOMKilled' })).toBe('↻ val-1/shards-0 node restarted (exit 137, OOMKilled)\n');
    expect(f.event({ kind: 'reconnecting', ...pod, container: 'node', reason: 'other side closed' })).toBe('! val-1/shards-0 node: other side closed; reconnecting\n');
    expect(f.dropped(12)).toBe('… 12 lines dropped (output could not keep up)\n');
  });
});

describe('-o json', () => {
  test('one object per line, with the namespace and pod apart', () => {
    const f = fmt({ json: true });
    expect(JSON.parse(f.line(line({ previous: true })))).toEqual({
      time: '2026-01-01T10:00:00.123456789Z',
      namespace: 'dn-val-1',
      pod: 'shards-0',
      container: 'node',
      text: 'block 7 finalized',
      previous: true,
    });
    expect(f.line(line())).toMatch(/\n$/);
    expect(f.line(line()).split('\n')).toHaveLength(2);
  });

  test('events carry their kind and details', () => {
    const f = fmt({ json: true });
    const pod = { pod: 'dn-val-1/shards-0', namespace: 'dn-val-1', podName: 'shards-0' };
    expect(JSON.parse(f.event({ kind: 'pod-added', ...pod }))).toEqual({ event: 'pod-added', namespace: 'dn-val-1', pod: 'shards-0' });
    expect(JSON.parse(f.event({ kind: 'container-restarted', ...pod, container: 'node', restarts: 1, exitCode: 1 }))).toEqual({
      event: 'container-restarted',
      namespace: 'dn-val-1',
      pod: 'shards-0',
      container: 'node',
      restarts: 1,
      exitCode: 1,
    });
    expect(JSON.parse(f.dropped(3))).toEqual({ event: 'dropped', count: 3 });
  });
});
