import { useCallback, useState } from 'react';

/**
 * Routes an error thrown outside rendering (a source callback, a key handler) into React, so the
 * dashboard's error boundary restores the terminal instead of the process dying in raw mode.
 */
export function useCrash(): (error: unknown) => void {
  const [, setState] = useState(0);
  return useCallback((error: unknown) => {
    setState(() => {
      throw error instanceof Error ? error : new Error(String(error));
    });
  }, []);
}
