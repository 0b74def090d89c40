import { Box } from 'ink';
import type { Segment } from '../segments.js';
import { SegmentLine } from './segment-line.js';

export interface LogPaneProps {
  title: readonly Segment[];
  rows: readonly (readonly Segment[])[];
  height: number;
  showTitle: boolean;
}

/** A titled rule, then exactly `height` rows of log (blank below when there are fewer lines). */
export function LogPane({ title, rows, height, showTitle }: LogPaneProps) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {showTitle ? <SegmentLine segments={title} /> : null}
      <Box flexDirection="column" height={height}>
        {rows.map((row, i) => (
          <SegmentLine key={i} segments={row} />
        ))}
      </Box>
    </Box>
  );
}
