/**
 * Time, injected. The dashboard coalesces renders and ages pods against a clock; the benchmark
 * and tests drive a virtual one so ten minutes of load run in seconds.
 */

export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface Coalescer {
  /** Asks for a flush; runs at once when the last one is old enough, else once at the window's end. */
  request(): void;
  cancel(): void;
}

/**
 * Leading and trailing throttle: the first change shows at once (a key press feels instant), a burst
 * of changes shows at most once per window, and the last change of a burst is never lost.
 */
export function createCoalescer(clock: Clock, windowMs: number, flush: () => void): Coalescer {
  let lastFlush = Number.NEGATIVE_INFINITY;
  let cancelPending: (() => void) | null = null;
  const run = () => {
    cancelPending = null;
    lastFlush = clock.now();
    flush();
  };
  return {
    request() {
      if (cancelPending !== null) return;
      const wait = lastFlush + windowMs - clock.now();
      if (wait <= 0) run();
      else cancelPending = clock.after(wait, run);
    },
    cancel() {
      cancelPending?.();
      cancelPending = null;
    },
  };
}
