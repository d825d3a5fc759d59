/**
 * @module live
 * Follows the coordinator over the authenticated `/admin` socket (no
 * polling): every `admin:job` / `admin:clients` / `admin:evaluation` event goes through
 * {@link liveReducer}; losing the connection (e.g. a coordinator restart)
 * shows "reconnecting" until socket.io is back. {@link useJobHistory} reads
 * a job's history over REST when a page needs it and it is behind.
 */
import { useEffect, useReducer, useRef } from 'preact/hooks';
import { api } from './api';
import { describeError } from './logic/format';
import { initialLive, liveReducer, type LiveAction, type LiveState } from './logic/live-state';

export type Dispatch = (a: LiveAction) => void;

export function useLive(enabled: boolean): [LiveState, Dispatch] {
  const [state, dispatch] = useReducer(liveReducer, initialLive);
  useEffect(() => {
    if (!enabled) return;
    return api.watchJobs(
      (update) => dispatch({ type: 'job', update }),
      (clients) => dispatch({ type: 'clients', clients }),
      {
        onEvaluation: (e) => dispatch({ type: 'evaluation', jobId: e.jobId }),
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
  return [state, dispatch];
}

/**
 * Reads `GET /api/jobs/:id` when the page opens and whenever an event
 * leaves the job's history behind (a round ended, a late evaluation), one
 * read at a time. Returns the last read's error in words, or null.
 */
export function useJobHistory(id: string, live: LiveState, dispatch: Dispatch): string | null {
  const want = !live.jobs.has(id) || live.stale.has(id);
  const trigger = live.last.get(id);
  const busy = useRef(false);
  const again = useRef(false);
  const errorRef = useRef<string | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!want) return;
    if (busy.current) {
      again.current = true;
      return;
    }
    const read = () => {
      busy.current = true;
      api.jobs.get(id).then(
        (job) => {
          errorRef.current = null;
          dispatch({ type: 'history', job });
        },
        (e) => {
          errorRef.current = describeError(e);
          rerender(0);
        },
      ).finally(() => {
        busy.current = false;
        if (again.current) {
          again.current = false;
          read();
        }
      });
    };
    read();
  }, [id, want, trigger]);
  return errorRef.current;
}
