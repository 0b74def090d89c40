/**
 * Dashboard under load: 50 pods logging 1,000 lines/s in total for ten minutes of virtual time
 * (600,000 lines), fed as fast as the dashboard's coalescing lets them through. Prints figures only.
 *
 *   node --import tsx bench/tui.ts
 *
 * Render cost is the wall time of each update that drew a frame: React render and commit, Yoga
 * layout and Ink's frame (Ink in debug mode, so every commit is drawn, to a null terminal).
 */
import { EventEmitter } from 'node:events';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock, SimulatedSource, buildTopology } from '../test/support/simulated-source.js';

const PODS = 50;
const LINES_PER_SECOND = 1_000;
const SECONDS = Number(process.env.TUI_BENCH_SECONDS ?? 600);
const BATCH_MS = 25;

class NullTerminal extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = false;
  bytes = 0;
  write(chunk: string, callback?: () => void): boolean {
    this.bytes += chunk.length;
    callback?.();
    return true;
  }
}

class IdleInput extends EventEmitter {
  isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const LOG_TEXT = [
  'INFO linera_service::proxy: request handled chain_id=e476187f6ddfeb9d latency_ms=3',
  'DEBUG linera_core::chain_worker: executing block height=1042 operations=12',
  'WARN linera_storage: slow write to ScyllaDB took 412ms',
  'INFO linera_core::node: certificate for block 0x9f2c… confirmed by 3 of 4 validators',
];

export async function runTuiBench(): Promise<Record<string, number>> {
  // React picks its build from NODE_ENV when first imported. Measure the production build unless
  // told otherwise (NODE_ENV=development shows what an unset NODE_ENV costs the CLI).
  process.env.NODE_ENV ??= 'production';
  const [{ render }, { createElement }, { DashboardApp }, { theme }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../src/tui/dashboard.js'),
    import('../src/output/theme.js'),
  ]);
  // 10 validators × (1 proxy + 2 shards + storage + exporter) = 50 pods.
  const source = new SimulatedSource(buildTopology({ validators: PODS / 5, shards: 2, proxies: 1 }));
  const pods = source.podKeys();
  const clock = new ManualClock();
  const stdout = new NullTerminal();
  let renders = 0;
  const app = createElement(DashboardApp, { source, clock, bufferLines: 5_000, theme: theme({ FORCE_COLOR: '1' }, stdout) });
  const streams = { stdout, stderr: new NullTerminal(), stdin: new IdleInput() } as unknown as { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream };
  const instance = render(app, { ...streams, debug: true, exitOnCtrlC: false, patchConsole: false, onRender: () => renders++ });
  clock.advance(500);
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const heapStart = heapMb();
  const costs: number[] = [];
  const perBatch = (LINES_PER_SECOND * BATCH_MS) / 1000;
  let sent = 0;
  const started = performance.now();
  for (let t = 0; t < SECONDS * 1000; t += BATCH_MS) {
    const lines = Array.from({ length: perBatch }, () => {
      const pod = pods[sent % pods.length] ?? '';
      return source.line(pod, `${LOG_TEXT[sent++ % LOG_TEXT.length] ?? ''} n=${sent}`, { time: new Date(clock.now()).toISOString() });
    });
    const before = renders;
    const t0 = performance.now();
    source.emit(lines);
    clock.advance(BATCH_MS);
    // React commits on a microtask and runs effects on a macrotask: let both happen inside the measurement.
    await new Promise((resolve) => setImmediate(resolve));
    const cost = performance.now() - t0;
    if (renders > before) costs.push(cost);
  }
  const wall = performance.now() - started;
  gc();
  const heapEnd = heapMb();
  instance.unmount();
  costs.sort((a, b) => a - b);
  return {
    lines: sent,
    virtual_seconds: SECONDS,
    renders,
    render_ms_median: percentile(costs, 0.5),
    render_ms_p95: percentile(costs, 0.95),
    render_ms_max: costs[costs.length - 1] ?? 0,
    wall_seconds: wall / 1000,
    terminal_columns: stdout.columns,
    terminal_rows: stdout.rows,
    heap_start_mb: heapStart,
    heap_end_mb: heapEnd,
    react_production: process.env.NODE_ENV === 'production' ? 1 : 0,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await runTuiBench();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(18)} ${Number.isInteger(value) ? value : value.toFixed(2)}`);
}
