/**
 * @module live
 * Follows the coordinator over the authenticated `/admin` socket (no
 * polling): every `admin:job` / `admin:clients` event goes through
 * {@link liveReducer}; losing the connection (e.g. a coordinator restart)
 * shows "reconnecting" until socket.io is back.
 */
import { useEffect, useReducer } from 'preact/hooks';
import { api } from './api';
import { initialLive, liveReducer, type LiveState } from './logic/live-state';

export function useLive(enabled: boolean): LiveState {
  const [state, dispatch] = useReducer(liveReducer, initialLive);
  useEffect(() => {
    if (!enabled) return;
    return api.watchJobs(
      (job) => dispatch({ type: 'job', job }),
      (clients) => dispatch({ type: 'clients', clients }),
      {
        onConnect: () => dispatch({ type: 'connected' }),
        onDisconnect: (reason) => dispatch({ type: 'disconnected', reason }),
        onError: (e) => {
          const data = (e as Error & { data?: { code?: string; message?: string } }).data;
          dispatch({ type: 'refused', code: data?.code ?? null, message: data?.message ? `${data.code}: ${data.message}` : `cannot connect for live updates (${e.message}); retrying…` });
        },
        retryMs: 1000,
        maxRetryMs: 5000,
      },
    );
  }, [enabled]);
  return state;
}
