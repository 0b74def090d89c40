import { Box } from 'ink';
import { memo } from 'react';
import type { TreeView } from '../view-model.js';
import { SegmentLine } from './segment-line.js';

/** The visible slice of the topology tree; the selected row is drawn inverse and marked ›. */
export const TreePane = memo(function TreePane({ view, height }: { view: TreeView; height: number }) {
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {view.rows.map((row, i) => (
        <SegmentLine key={i} segments={row.segments} inverse={row.selected} />
      ))}
      {view.note.length > 0 ? <SegmentLine segments={view.note} /> : null}
    </Box>
  );
});
