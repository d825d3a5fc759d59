/**
 * @module job-updates
 * The two ends of `admin:job` (messages/admin): {@link jobUpdate} builds the
 * event from a full JobView on the coordinator; {@link applyJobUpdate} folds
 * one into the view a follower holds and says whether that view's history
 * is behind, so the follower reads `GET /api/jobs/:id` once instead of the
 * coordinator pushing the history with every change.
 */
import type { AdminJobUpdate } from './messages/admin';
import type { JobView } from './rest/jobs';

export function jobUpdate(view: JobView): AdminJobUpdate {
  const { rounds, ...job } = view;
  return { job, current: rounds[rounds.length - 1] ?? null, attempts: rounds.length };
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
  const cur = u.current;
  let at = rounds.length;
  if (cur) {
    at = rounds.findIndex((r) => r.round === cur.round && r.attempt === cur.attempt);
    if (at >= 0) rounds[at] = cur;
    else at = rounds.push(cur) - 1;
  }
  const earlierOpen = rounds.slice(0, at).some((r) => !ENDED.includes(r.phase));
  // A REST view newer than `u` may hold more: that is not behind (the next event catches up).
  const stale = rounds.length < u.attempts || earlierOpen;
  return { view: { ...u.job, rounds }, stale };
}
