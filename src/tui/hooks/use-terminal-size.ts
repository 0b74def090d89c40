import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

// A stream that is not a terminal has no size; lay out for the classic one.
function sizeOf(stream: NodeJS.WritableStream): TerminalSize {
  const { columns, rows } = stream as Partial<NodeJS.WriteStream>;
  return { columns: columns !== undefined && columns > 0 ? columns : 80, rows: rows !== undefined && rows > 0 ? rows : 24 };
}

/** The output's size now and after every resize, so the layout always fills the screen exactly. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
