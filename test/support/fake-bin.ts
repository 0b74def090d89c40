/**
 * Fake executables placed first on PATH, for the external programs we cannot run here (docker,
 * kind). They record what they were asked in a JSON-lines log the test reads back.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface FakeCall {
  tool: string;
  args: string[];
  stdin: string;
}

export interface FakeBin {
  dir: string;
  log: string;
  /** Environment for the code under test: PATH with the fakes first, and where they log. */
  env: Record<string, string>;
  calls(tool?: string): FakeCall[];
  cleanup(): void;
}

/**
 * The executable that runs a fake: a shell script, as a release binary would be one file. `pinned`
 * variables are set inside it, so the program keeps them whatever its caller's environment says.
 */
export function fakeExecutable(tool: string, pinned: Record<string, string> = {}): string {
  const script = join(import.meta.dirname, 'fakes', `${tool}.mjs`);
  const vars = Object.entries(pinned).map(([k, v]) => `export ${k}='${v}'\n`).join('');
  return `#!/bin/sh\n${vars}exec "${process.execPath}" "${script}" "$@"\n`;
}

/** `options.systemPath: false` leaves the machine's PATH out, so only these tools are found. */
export function fakeBin(tools: readonly string[], extraEnv: Record<string, string> = {}, options: { systemPath?: boolean } = {}): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), 'devnet-fake-bin-'));
  const log = join(dir, 'calls.jsonl');
  for (const tool of tools) {
    const wrapper = join(dir, tool);
    writeFileSync(wrapper, fakeExecutable(tool));
    chmodSync(wrapper, 0o755);
  }
  const path = options.systemPath === false ? dir : `${dir}${delimiter}${process.env.PATH ?? ''}`;
  return {
    dir,
    log,
    // The machine's Docker state (containers, networks, node images) that the fakes share.
    env: { PATH: path, FAKE_LOG: log, FAKE_DOCKER_STATE: join(dir, 'docker-state.json'), ...extraEnv },
    calls: (tool) => {
      if (!existsSync(log)) return [];
      const all = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as FakeCall);
      return tool === undefined ? all : all.filter((c) => c.tool === tool);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
