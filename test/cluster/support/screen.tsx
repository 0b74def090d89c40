/** The dashboard on a test terminal (ink-testing-library), and waiting for its screen to show something. */
import { render } from 'ink-testing-library';
import { theme } from '../../../src/output/theme.js';
import { systemClock } from '../../../src/tui/clock.js';
import { DashboardApp } from '../../../src/tui/dashboard.js';
import type { DashboardSource } from '../../../src/tui/model.js';

export async function untilScreen(frame: () => string, check: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = frame();
    if (check(text)) return text;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Screen {
  frame(): string;
  type(...keys: string[]): void;
  unmount(): void;
}

/** The dashboard on an ink-testing-library terminal of this size, without colour. */
export function showDashboard(source: DashboardSource, columns = 120, rows = 30): Screen {
  const app = render(<DashboardApp source={source} clock={systemClock} bufferLines={5000} theme={theme({ NO_COLOR: '1' }, {})} />);
  const stdout = app.stdout as unknown as { columns: number; rows: number; emit(event: string): void };
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
  return {
    frame: () => app.lastFrame() ?? '',
    type: (...keys) => {
      for (const key of keys) app.stdin.write(key);
    },
    unmount: () => app.unmount(),
  };
}
