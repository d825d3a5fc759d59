/**
 * @module logic/live-state
 * The dashboard's live state as a pure reducer: jobs and clients as the
 * `/admin` socket pushes them (docs/security.md "Dashboard"), and the
 * connection's state, which the pages show in words (connecting, live,
 * reconnecting after a lost connection, or refused with the coordinator's
 * reason). A job event carries the summary and the latest attempt only
 * (@fl/protocol messages/admin); it is folded into the view held, and a job
 * whose history is behind is marked `stale` until a page that needs the
 * history reads it over REST (`history`), which is folded with the newest
 * event so neither loses to the other.
 */
import { applyJobUpdate, type AdminJobUpdate, type ClientView, type JobView } from '@fl/protocol';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveState {
  jobs: ReadonlyMap<string, JobView>;
  /** Jobs whose held history misses attempts or results the coordinator has. */
  stale: ReadonlySet<string>;
  /** The newest event per job (a new object on every event). */
  last: ReadonlyMap<string, AdminJobUpdate>;
  /** Centralized evaluations recorded per job since the page loaded (`admin:evaluation`): a change means re-read them. */
  evaluated: ReadonlyMap<string, number>;
  /** Null until the first client list arrives. */
  clients: readonly ClientView[] | null;
  connection: Connection;
  /** Why the connection is not live, in words. */
  connectionError: string | null;
  /** Job and client-list updates received (for the footer). */
  updates: number;
}

export type LiveAction =
  | { type: 'job'; update: AdminJobUpdate }
  /** A job's full view, read over REST. */
  | { type: 'history'; job: JobView }
  | { type: 'clients'; clients: ClientView[] }
  | { type: 'evaluation'; jobId: string }
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'refused'; message: string; code: string | null };

export const initialLive: LiveState = { jobs: new Map(), stale: new Set(), last: new Map(), evaluated: new Map(), clients: null, connection: 'connecting', connectionError: null, updates: 0 };

export function liveReducer(s: LiveState, a: LiveAction): LiveState {
  switch (a.type) {
    case 'job': {
      const id = a.update.job.id;
      const last = new Map(s.last).set(id, a.update);
      return { ...fold(s, id, applyJobUpdate(s.jobs.get(id), a.update)), last, updates: s.updates + 1 };
    }
    case 'history': {
      const newest = s.last.get(a.job.id);
      return fold(s, a.job.id, newest ? applyJobUpdate(a.job, newest) : { view: a.job, stale: false });
    }
    case 'evaluation':
      return { ...s, evaluated: new Map(s.evaluated).set(a.jobId, (s.evaluated.get(a.jobId) ?? 0) + 1) };
    case 'clients':
      return { ...s, clients: a.clients, updates: s.updates + 1 };
    case 'connected':
      return { ...s, connection: 'live', connectionError: null };
    case 'disconnected':
      return { ...s, connection: 'reconnecting', connectionError: `connection lost (${a.reason}); reconnecting…` };
    case 'refused':
      // A refused handshake while we were live or reconnecting is most often a restart: socket.io retries.
      return { ...s, connection: a.code === 'UNAUTHENTICATED' || a.code === 'FORBIDDEN' ? 'refused' : 'reconnecting', connectionError: a.message };
  }
}

function fold(s: LiveState, id: string, f: { view: JobView; stale: boolean }): LiveState {
  const jobs = new Map(s.jobs).set(id, f.view);
  const stale = new Set(s.stale);
  if (f.stale) stale.add(id);
  else stale.delete(id);
  return { ...s, jobs, stale };
}

/** Jobs newest first. */
export function jobsNewestFirst(s: LiveState): JobView[] {
  return [...s.jobs.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
