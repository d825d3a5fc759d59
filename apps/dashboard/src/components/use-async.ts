/**
 * @module components/use-async
 * One REST read for a page: loading, the value, or the error in words;
 * `reload` after an action or when a live event says the data changed.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from '../logic/format';

export type Async<T> = { loading: boolean; value: T | null; error: string | null; reload: () => void };

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ loading: boolean; value: T | null; error: string | null }>({ loading: true, value: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => live && setState({ loading: false, value, error: null }),
      (e) => live && setState((s) => ({ loading: false, value: s.value, error: describeError(e) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs an action, and reports its error in words (or null on success). */
export async function attempt(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (e) {
    return describeError(e);
  }
}
