import { createContext } from 'react';
import { theme, type Theme } from '../../output/theme.js';
import type { Segment } from '../segments.js';

/** The one theme, chosen once by renderDashboard (NO_COLOR, FORCE_COLOR, --no-color). */
export const ThemeContext = createContext<Theme>(theme({ NO_COLOR: '1' }, {}));

export function paint(t: Theme, segment: Segment): string {
  if (segment.keyed !== undefined) return t.keyed(segment.keyed, segment.text);
  return segment.tone === undefined ? segment.text : t[segment.tone](segment.text);
}
