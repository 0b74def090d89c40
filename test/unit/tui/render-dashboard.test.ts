import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { renderDashboard, type DashboardOptions } from '../../../src/tui/render-dashboard.js';
import type { DashboardSource } from '../../../src/tui/model.js';
import { SimulatedSource, buildTopology } from '../../support/simulated-source.js';

/** A terminal as Ink sees one: a TTY with a size that records what is written to it. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write(chunk: string, callback?: () => void): boolean {
    this.written += chunk;
    callback?.();
    return true;
  }
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  private pending: string[] = [];
  setRawMode(on: boolean): void {
    this.rawModes.push(on);
  }
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return this.pending.shift() ?? null;
  }
  type(keys: string): void {
    this.pending.push(keys);
    this.emit('readable');
  }
}

const SHOW_CURSOR = '\u001B[?25h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

function start(source: DashboardSource, options: DashboardOptions = {}) {
  const stdout = new FakeTerminal();
  const stdin = new FakeKeyboard();
  const stderr = new FakeTerminal();
  const done = renderDashboard(source, { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: stderr as unknown as NodeJS.WriteStream, ...options });
  return { stdout, stdin, done };
}

/** Ink listens for keys once raw mode is on. */
async function ready(t: ReturnType<typeof start>): Promise<void> {
  await vi.waitFor(() => expect(t.stdin.rawModes).toContain(true));
}

function expectRestored(t: ReturnType<typeof start>): void {
  expect(t.stdin.rawModes.at(-1) ?? false).toBe(false);
  expect(t.stdout.written).toContain(LEAVE_ALTERNATE_SCREEN);
  expect(t.stdout.written.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(t.stdout.written.lastIndexOf('\u001B[?25l'));
}

afterEach(() => vi.restoreAllMocks());

describe('renderDashboard', () => {
  test('q resolves "quit", leaves the devnet alone and gives the terminal back', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    const t = start(source);
    await vi.waitFor(() => expect(t.stdout.written).toContain('validator-0'));
    expect(t.stdin.rawModes).toContain(true);
    t.stdin.type('q');
    await expect(t.done).resolves.toBe('quit');
    expect(source.teardowns).toBe(0);
    expect(source.open).toHaveLength(0);
    expectRestored(t);
  });

  test('Ctrl-C quits the same way', async () => {
    const t = start(new SimulatedSource(buildTopology({ validators: 1 })));
    await ready(t);
    t.stdin.type('\u0003');
    await expect(t.done).resolves.toBe('quit');
    expectRestored(t);
  });

  test('D then y tears the devnet down and resolves "teardown"', async () => {
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    const t = start(source);
    await ready(t);
    t.stdin.type('D');
    await vi.waitFor(() => expect(t.stdout.written).toContain('y/N'));
    t.stdin.type('y');
    await expect(t.done).resolves.toBe('teardown');
    expect(source.teardowns).toBe(1);
    expectRestored(t);
  });

  test('aborting the signal quits', async () => {
    const controller = new AbortController();
    const t = start(new SimulatedSource(buildTopology({ validators: 1 })), { signal: controller.signal });
    await ready(t);
    controller.abort();
    await expect(t.done).resolves.toBe('quit');
    expectRestored(t);
  });

  test('a crash inside the dashboard restores the terminal, then rethrows', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    source.logs = () => {
      throw new Error('log stream exploded');
    };
    const t = start(source);
    await expect(t.done).rejects.toThrow('log stream exploded');
    expectRestored(t);
  });

  test('a source that fails in a callback crashes cleanly too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const source = new SimulatedSource(buildTopology({ validators: 1 }));
    const t = start(source);
    await ready(t);
    // A view that breaks the contract (no validators list) must not leave the terminal raw.
    source.setTopology({ header: source.topologyView.header } as never);
    await expect(t.done).rejects.toThrow();
    expectRestored(t);
  });

  test('without a terminal to read keys from it refuses to start and says why', async () => {
    const stdin = new FakeKeyboard();
    stdin.isTTY = false;
    const done = renderDashboard(new SimulatedSource(), { stdout: new FakeTerminal() as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream });
    await expect(done).rejects.toThrow('needs a terminal on stdin');
    expect(stdin.rawModes).toEqual([]);
  });

  test('noColor draws without colour escapes', async () => {
    vi.stubEnv('FORCE_COLOR', '1');
    const t = start(new SimulatedSource(buildTopology({ validators: 1 })), { noColor: true });
    await ready(t);
    t.stdin.type('q');
    await t.done;
    // eslint-disable-next-line no-control-regex -- looking for colour escapes is the point
    expect(t.stdout.written).not.toMatch(/\u001B\[3[0-7]m/);
    vi.unstubAllEnvs();
  });
});
