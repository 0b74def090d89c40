import { useEffect, useState } from 'react';
import type { Clock } from '../clock.js';

/** The time, refreshed every `ms`, for ages ("42s") that keep counting while nothing else changes. */
export function useNow(clock: Clock, ms = 1000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => clock.after(ms, () => setNow(clock.now())), [clock, ms, now]);
  return now;
}
