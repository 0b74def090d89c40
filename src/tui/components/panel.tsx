import { Box } from 'ink';
import type { Segment } from '../segments.js';
import { SegmentLine } from './segment-line.js';

export interface PanelProps {
  title: readonly Segment[];
  lines: readonly (readonly Segment[])[];
  /** Rows including the title. */
  height: number;
}

/** A full-body overlay (help, describe): a title row and as many lines as fit. */
export function Panel({ title, lines, height }: PanelProps) {
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      <SegmentLine segments={title} />
      {lines.slice(0, Math.max(0, height - 1)).map((line, i) => (
        <SegmentLine key={i} segments={line} />
      ))}
    </Box>
  );
}
