/**
 * @module job-updates
 * The two ends of `admin:job` (messages/admin): {@link jobUpdate} builds the
 * event from a full JobView on the coordinator; {@link applyJobUpdate} folds
 * one into the view a follower holds and says whether that view's history
 * is behind, so the follower reads `GET /api/jobs/:id` once instead of the
 * coordinator pushing the history with every change. The first event of a
 * new attempt also carries the attempt that just ended (`previous`), so a
 * round ending between two coalesced events does not send every follower
 * back to the history (a read that grows with the job's length).
 */
import type { AdminJobUpdate } from './messages/admin';
import type { JobView, RoundView } from './rest/jobs';

/** The event for `view`; `withPrevious` adds the attempt before the current one (send it with a new attempt's first event). */
export function jobUpdate(view: JobView, withPrevious = false): AdminJobUpdate {
  const { rounds, ...job } = view;
  const u: AdminJobUpdate = { job, current: rounds[rounds.length - 1] ?? null, attempts: rounds.length };
  if (withPrevious && rounds.length >= 2) u.previous = rounds[rounds.length - 2];
  return u;
}


export interface FoldedJob {
  view: JobView;
  /**
   * The view's history misses something the coordinator has: earlier
   * attempts, or an earlier attempt's final state (it ended between two
   * coalesced events).
   */
  stale: boolean;
}

const ENDED: readonly string[] = ['done', 'failed'];

/** Folds `u` into `prev` (the last view held, from REST or earlier updates): the summary and the current attempt replace theirs. */
export function applyJobUpdate(prev: JobView | undefined, u: AdminJobUpdate): FoldedJob {
  const rounds = prev && prev.id === u.job.id ? [...prev.rounds] : [];
  const put = (r: RoundView): number => {
    const i = rounds.findIndex((x) => x.round === r.round && x.attempt === r.attempt);
    if (i >= 0) rounds[i] = r;
    return i >= 0 ? i : rounds.push(r) - 1;
  };
  // The attempt that just ended, then the current one; `previous` only helps a follower that held the history.
  if (u.previous && rounds.length > 0) put(u.previous);
  const cur = u.current;
  const at = cur ? put(cur) : rounds.length;
  const earlierOpen = rounds.slice(0, at).some((r) => !ENDED.includes(r.phase));
  // A REST view newer than `u` may hold more: that is not behind (the next event catches up).
  const stale = rounds.length < u.attempts || earlierOpen;
  return { view: { ...u.job, rounds }, stale };
}
