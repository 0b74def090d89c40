/**
 * Waiting for text to appear in the output of a command that is still running: checked again each
 * time the caller runs the waiters (when the output grows or the command ends), never by polling.
 */
export interface TextWait {
  /** The caller runs every waiter when its output grows or the command ends. */
  waiters: Set<() => void>;
  needle: string | RegExp | (() => boolean);
  found: () => boolean;
  /** Why the command can no longer print the needle (it ended), or undefined while it runs. */
  ended: () => string | undefined;
  /** What to show when the needle did not come. */
  output: () => string;
  timeoutMs: number;
}

export function waitForText({ waiters, needle, found, ended, output, timeoutMs }: TextWait): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      waiters.delete(check);
      settle();
    };
    const check = () => {
      if (found()) return finish(resolve);
      const end = ended();
      if (end !== undefined) finish(() => reject(new Error(`${end} before "${String(needle)}".\n${output()}`)));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`"${String(needle)}" did not appear within ${timeoutMs}ms.\n${output()}`))), timeoutMs);
    waiters.add(check);
    check();
  });
}
