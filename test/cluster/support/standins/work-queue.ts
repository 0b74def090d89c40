/**
 * A controller's work queue, reduced to what the stand-ins need: one reconcile at a time per key,
 * the newest object wins, and a failed reconcile is retried with backoff (the API can refuse a
 * write while a webhook is misbehaving, exactly as it would for a real operator).
 */

export type Reconcile<T> = (object: T) => Promise<void>;

interface Entry<T> {
  object: T;
  running: boolean;
  /** A newer object arrived while the previous one was being reconciled. */
  dirty: boolean;
  failures: number;
  timer?: NodeJS.Timeout;
}

const BASE_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

export class WorkQueue<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly reconcile: Reconcile<T>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  add(key: string, object: T): void {
    if (this.stopped) return;
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.entries.set(key, { object, running: false, dirty: false, failures: 0 });
      this.run(key);
      return;
    }
    entry.object = object;
    if (entry.running) entry.dirty = true;
    else if (entry.timer === undefined) this.run(key);
  }

  /** Forgets a key (its object was deleted); a retry already scheduled is cancelled. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    clearTimeout(entry?.timer);
    this.entries.delete(key);
  }

  /** Cancels pending retries and waits for reconciles in flight, so nothing runs afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    await Promise.allSettled([...this.running]);
    this.entries.clear();
  }

  private run(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined || this.stopped) return;
    entry.timer = undefined;
    entry.running = true;
    entry.dirty = false;
    const done = this.reconcile(entry.object).then(
      () => {
        entry.failures = 0;
        return entry.dirty;
      },
      (error: unknown) => {
        entry.failures += 1;
        this.onError(key, error);
        return 'retry' as const;
      },
    ).then((again) => {
      entry.running = false;
      if (this.stopped || this.entries.get(key) !== entry) return;
      if (again === 'retry') {
        const delay = Math.min(BASE_BACKOFF_MS * 2 ** (entry.failures - 1), MAX_BACKOFF_MS);
        entry.timer = setTimeout(() => this.run(key), entry.dirty ? 0 : delay);
      } else if (again) this.run(key);
    });
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }
}
