import { Box } from 'ink';
import type { HeaderView } from '../view-model.js';
import { SegmentLine } from './segment-line.js';

export function Header({ view }: { view: HeaderView }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {view.lines.map((line, i) => (
        <SegmentLine key={i} segments={line} />
      ))}
    </Box>
  );
}
