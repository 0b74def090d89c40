/** An assertion that a command exited 0 which, when it did not, shows everything the command printed. */
import { expect } from 'vitest';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A diff of the exit code alone, or toMatchObject's (which leaves out the fields not asked for), hides why it failed. */
export function expectSucceeded(result: CommandResult): void {
  expect(result.code, `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
}
