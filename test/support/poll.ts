/** Polling what a real network reports, for the tiers that run one. */

/** Calls `read` every 3 s until it returns a value that satisfies `done`, or `seconds` pass; then fails with the last answer or error. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: T | Error = new Error('not tried');
  while (Date.now() < deadline) {
    last = await read().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (!(last instanceof Error) && done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  throw new Error(`still not there after ${seconds}s: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}
