import { Text } from 'ink';
import { memo, useContext, type ReactNode } from 'react';
import type { Segment } from '../segments.js';
import { paint, ThemeContext } from './theme-context.js';

export interface SegmentLineProps {
  segments: readonly Segment[];
  /** The selected row. */
  inverse?: boolean;
}

/** One terminal row. Cut at the right edge, never wrapped: a wrapped row would push the layout. */
export const SegmentLine = memo(function SegmentLine({ segments, inverse = false }: SegmentLineProps) {
  const t = useContext(ThemeContext);
  const parts: ReactNode[] = [];
  let run = '';
  segments.forEach((segment, i) => {
    if (!segment.highlight) {
      run += paint(t, segment);
      return;
    }
    if (run !== '') parts.push(run);
    run = '';
    parts.push(
      <Text key={i} inverse={!inverse} bold>
        {segment.text}
      </Text>,
    );
  });
  if (run !== '' || parts.length === 0) parts.push(run === '' ? ' ' : run);
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {parts}
    </Text>
  );
});
