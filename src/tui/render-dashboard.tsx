/**
 * The dashboard's only door: callers hand over a data source and streams and get back how the
 * user left. Ink stays behind this function; nothing outside src/tui renders JSX.
 */
import { render } from 'ink';
import process from 'node:process';
import { theme as makeTheme } from '../output/theme.js';
import { systemClock, type Clock } from './clock.js';
import type { DashboardExit } from './commands.js';
import { DashboardApp } from './dashboard.js';
import { DEFAULT_BUFFER_LINES } from './log-buffer.js';
import type { DashboardSource, PhaseTiming } from './model.js';

export type { DashboardExit } from './commands.js';

export interface DashboardOptions {
  stdout?: NodeJS.WriteStream | undefined;
  stdin?: NodeJS.ReadStream | undefined;
  stderr?: NodeJS.WriteStream | undefined;
  /** Writes the log pane's lines somewhere and says where; without it `s` explains it cannot save. */
  save?: ((lines: string[]) => Promise<string>) | undefined;
  /** Timings of the `up` that just ran, for the header (else the source's header.phases). */
  phases?: PhaseTiming[] | undefined;
  noColor?: boolean | undefined;
  /** Aborting quits the dashboard as `q` does. */
  signal?: AbortSignal | undefined;
  /** Log lines kept for scrolling back; older ones are dropped and counted. */
  bufferLines?: number | undefined;
  /** Draw on the alternate screen (as vim and k9s do), leaving the shell's scrollback untouched. */
  alternateScreen?: boolean | undefined;
  clock?: Clock | undefined;
}

function isExit(value: unknown): value is DashboardExit {
  return value === 'quit' || value === 'teardown';
}

/**
 * Shows the dashboard until the user quits (`q`, Ctrl-C, the signal) or tears the devnet down.
 * The terminal is restored (raw mode off, cursor shown, alternate screen left) on every way out;
 * an error inside the dashboard is rethrown after that.
 */
export async function renderDashboard(source: DashboardSource, options: DashboardOptions = {}): Promise<DashboardExit> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  if (options.signal?.aborted === true) return 'quit';
  // Callers decide when a dashboard makes sense (a TTY, no --json, not CI); getting here without
  // a terminal is their bug, said plainly rather than as Ink's raw-mode error from inside a render.
  if (stdin.isTTY !== true) throw new Error('renderDashboard needs a terminal on stdin to read keys from; check isTTY before calling it.');
  const env = options.noColor === true ? { ...process.env, NO_COLOR: '1' } : process.env;
  const app = (
    <DashboardApp
      source={source}
      save={options.save}
      phases={options.phases}
      clock={options.clock ?? systemClock}
      bufferLines={options.bufferLines ?? DEFAULT_BUFFER_LINES}
      signal={options.signal}
      theme={makeTheme(env, stdout)}
    />
  );
  const instance = render(app, {
    stdout,
    stdin,
    stderr,
    // The caller decided this is an interactive session (a TTY, not --json); CI detection must not overrule it.
    interactive: stdout.isTTY === true,
    alternateScreen: options.alternateScreen ?? true,
    exitOnCtrlC: false,
    // Console writes from other modules would tear the frame; only patch the real terminal.
    patchConsole: stdout === process.stdout,
    incrementalRendering: true,
    maxFps: 20,
  });
  try {
    const result = await instance.waitUntilExit();
    return isExit(result) ? result : 'quit';
  } finally {
    instance.cleanup();
  }
}
