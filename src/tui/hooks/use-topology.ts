import { useEffect, useState } from 'react';
import { createCoalescer, type Clock } from '../clock.js';
import type { DashboardSource, TopologyView } from '../model.js';
import { useCrash } from './use-crash.js';

/** Pods that change together (a rollout, a node going away) arrive as one redraw, not fifty. */
const TOPOLOGY_WINDOW_MS = 50;

export function useTopology(source: DashboardSource, clock: Clock): TopologyView | undefined {
  const [view, setView] = useState<TopologyView | undefined>(undefined);
  const crash = useCrash();
  useEffect(() => {
    let latest: TopologyView | undefined;
    let live = true;
    const coalescer = createCoalescer(clock, TOPOLOGY_WINDOW_MS, () => setView(latest));
    const unsubscribe = source.topology((next) => {
      if (!live) return;
      latest = next;
      coalescer.request();
    });
    return () => {
      live = false;
      coalescer.cancel();
      try {
        unsubscribe();
      } catch (error) {
        crash(error);
      }
    };
  }, [source, clock, crash]);
  return view;
}
