import { useEffect, useRef, useState } from 'react';
import type { Clock } from '../clock.js';

/**
 * `value` once its `key` has stopped changing for `ms`: holding j through the tree does not open
 * and close a log stream per row. Only the key restarts the wait; a fresh object for the same key
 * (every render makes some) does not.
 */
export function useDebounced<T>(value: T, key: string, ms: number, clock: Clock): T {
  const [settled, setSettled] = useState({ key, value });
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (key === settled.key) return;
    return clock.after(ms, () => setSettled({ key, value: latest.current }));
  }, [key, ms, clock, settled.key]);
  return key === settled.key ? value : settled.value;
}
