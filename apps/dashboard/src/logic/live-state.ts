/**
 * @module logic/live-state
 * The dashboard's live state as a pure reducer: jobs and clients as the
 * `/admin` socket pushes them (every event is a full view, so the newest
 * replaces the old one; docs/security.md "Dashboard"), and the connection's
 * state, which the pages show in words (connecting, live, reconnecting
 * after a lost connection, or refused with the coordinator's reason).
 */
import type { ClientView, JobView } from '@fl/protocol';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveState {
  jobs: ReadonlyMap<string, JobView>;
  /** Null until the first client list arrives. */
  clients: readonly ClientView[] | null;
  connection: Connection;
  /** Why the connection is not live, in words. */
  connectionError: string | null;
  /** Job and client-list updates received (for the footer). */
  updates: number;
}

export type LiveAction =
  | { type: 'job'; job: JobView }
  | { type: 'clients'; clients: ClientView[] }
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'refused'; message: string; code: string | null };

export const initialLive: LiveState = { jobs: new Map(), clients: null, connection: 'connecting', connectionError: null, updates: 0 };

export function liveReducer(s: LiveState, a: LiveAction): LiveState {
  switch (a.type) {
    case 'job': {
      const jobs = new Map(s.jobs);
      jobs.set(a.job.id, a.job);
      return { ...s, jobs, updates: s.updates + 1 };
    }
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

/** Jobs newest first. */
export function jobsNewestFirst(s: LiveState): JobView[] {
  return [...s.jobs.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
