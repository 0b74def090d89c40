import { useEffect, useMemo, useState } from 'react';
import { createCoalescer, type Clock } from '../clock.js';
import { LogBuffer } from '../log-buffer.js';
import type { DashboardSource, LogSelection } from '../model.js';
import { selectionKey } from '../tree-model.js';
import { useCrash } from './use-crash.js';

/** Lines arrive per batch; the pane redraws at most this often however fast they come. */
export const LOG_WINDOW_MS = 75;

export interface LogFeed {
  buffer: LogBuffer;
  /** Changes whenever the buffer did: what memoised views depend on. */
  version: number;
  clear(): void;
}

export interface UseLogsOptions {
  previous: boolean;
  capacity: number;
  clock: Clock;
}

// One pod's recent history is worth reading whole; for a group, a little of each pod is enough.
function tailFor(selection: LogSelection): number {
  return selection.kind === 'pod' ? 1_000 : 100;
}

/** Follows the selection's log stream: a new selection closes the old stream and starts a fresh buffer. */
export function useLogs(source: DashboardSource, selection: LogSelection, o: UseLogsOptions): LogFeed {
  const buffer = useMemo(() => new LogBuffer(o.capacity), [o.capacity]);
  const [version, setVersion] = useState(0);
  const crash = useCrash();
  const key = selectionKey(selection);
  useEffect(() => {
    let live = true;
    buffer.clear();
    setVersion((v) => v + 1);
    const coalescer = createCoalescer(o.clock, LOG_WINDOW_MS, () => setVersion((v) => v + 1));
    const guard = (fn: () => void) => {
      if (!live) return;
      try {
        fn();
        coalescer.request();
      } catch (error) {
        crash(error);
      }
    };
    const unsubscribe = source.logs(
      selection,
      { previous: o.previous, tail: tailFor(selection) },
      (lines) => guard(() => buffer.pushLines(lines)),
      (event) => guard(() => buffer.pushEvent(event)),
    );
    return () => {
      live = false;
      coalescer.cancel();
      try {
        unsubscribe();
      } catch (error) {
        crash(error);
      }
    };
    // `selection` is captured through `key`: a new object for the same selection must not resubscribe.
  }, [source, key, o.previous, o.clock, buffer, crash]);
  const clear = useMemo(
    () => () => {
      buffer.clear();
      setVersion((v) => v + 1);
    },
    [buffer],
  );
  return { buffer, version, clear };
}
