import { useCallback, useRef, useState } from 'react';

/**
 * useReducer whose latest state can be read between renders. Keys that arrive in one chunk (fast
 * typing, a paste, a busy event loop) are handled before React re-renders; each must see the state
 * the previous one left, not the last frame's.
 */
export function useStore<S, A>(reduce: (state: S, action: A) => S, initial: S): [S, (action: A) => void, { readonly current: S }] {
  const ref = useRef(initial);
  const [state, setState] = useState(initial);
  const dispatch = useCallback(
    (action: A) => {
      ref.current = reduce(ref.current, action);
      setState(ref.current);
    },
    [reduce],
  );
  return [state, dispatch, ref];
}
