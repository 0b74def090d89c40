/**
 * Mounts the dashboard in ink-testing-library against a SimulatedSource and a virtual clock, and
 * reads back what a user would see.
 */
import { render } from 'ink-testing-library';
import { setImmediate as tick } from 'node:timers/promises';
import { theme } from '../../../src/output/theme.js';
import { DashboardApp } from '../../../src/tui/dashboard.js';
import type { PhaseTiming } from '../../../src/tui/model.js';
import { ManualClock, type SimulatedSource } from '../../support/simulated-source.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  end: '\u001B[F',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export interface Mounted {
  source: SimulatedSource;
  clock: ManualClock;
  frame(): string;
  /** Types keys one at a time, letting React commit after each. */
  press(...keys: string[]): Promise<void>;
  /** Advances virtual time (coalescing windows, the follow delay) and lets React catch up. */
  wait(ms?: number): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  unmount(): void;
}

export interface MountOptions {
  save?: (lines: string[]) => Promise<string>;
  phases?: PhaseTiming[];
  bufferLines?: number;
  columns?: number;
  rows?: number;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await tick();
}

export async function mount(source: SimulatedSource, options: MountOptions = {}): Promise<Mounted> {
  const clock = new ManualClock();
  const app = render(
    <DashboardApp source={source} clock={clock} bufferLines={options.bufferLines ?? 5_000} save={options.save} phases={options.phases} theme={theme({ NO_COLOR: '1' }, {})} />,
  );
  // ink-testing-library's stdout has a fixed width and no height; give it a terminal's.
  const stdout = app.stdout as unknown as { columns: number; rows: number; emit(event: string): void };
  const resize = async (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
    stdout.emit('resize');
    await settle();
  };
  await resize(options.columns ?? 100, options.rows ?? 24);
  const mounted: Mounted = {
    source,
    clock,
    frame: () => app.lastFrame() ?? '',
    async press(...keys) {
      for (const key of keys) {
        app.stdin.write(key);
        // A lone ESC waits briefly in Ink's parser in case it starts a sequence.
        if (key === KEY.escape) await new Promise((r) => setTimeout(r, 40));
        await settle();
      }
    },
    async wait(ms = 200) {
      clock.advance(ms);
      await settle();
    },
    resize,
    unmount: () => app.unmount(),
  };
  return mounted;
}
