/**
 * @module follow-job
 * Follows one job until it ends: an `admin:job` event that moves the job
 * (status, attempt, phase; @fl/protocol messages/admin)
 * triggers a read of `GET /api/jobs/:id`, the full view; a poll of the same
 * route every `pollMs` is the safety net, so a missed event or a dead
 * socket never hangs the caller. Every distinct view goes to `onView`; resolves with the final
 * view (completed, failed or stopped).
 */
import { JobStatus, type AdminJobUpdate, type JobView } from '@fl/protocol';
import type { ApiClient } from './api-client';

export const TERMINAL: readonly string[] = [JobStatus.Completed, JobStatus.Failed, JobStatus.Stopped];

export interface FollowOptions {
  /** Poll period (default 2000 ms). */
  pollMs?: number;
  /** Give up (reject with code WATCH_TIMEOUT) after this long. */
  timeoutMs?: number;
}

export function followJob(api: ApiClient, jobId: string, onView: (v: JobView) => void, o: FollowOptions = {}): Promise<JobView> {
  let lastKey = '';
  return new Promise<JobView>((resolve, reject) => {
    let finished = false;
    const finish = (err: Error | null, v?: JobView) => {
      if (finished) return;
      finished = true;
      clearInterval(poll);
      clearTimeout(timer);
      close();
      if (err) reject(err);
      else resolve(v!);
    };
    const see = (v: JobView) => {
      if (finished || v?.id !== jobId) return;
      const key = JSON.stringify([v.status, v.currentRound, v.completedRounds, v.rounds.map((r) => [r.phase, r.attempt, r.participants.length])]);
      if (key !== lastKey) {
        lastKey = key;
        onView(v);
      }
      if (TERMINAL.includes(v.status)) finish(null, v);
    };
    let lastMove = '';
    const moved = (u: AdminJobUpdate) => {
      if (finished || u.job.id !== jobId) return;
      const c = u.current;
      // Phase granularity (a few reads per round): followers print finished attempts, not upload progress.
      const key = JSON.stringify([u.job.status, u.job.completedRounds, u.attempts, c?.phase]);
      if (key === lastMove) return;
      lastMove = key;
      api.jobs.get(jobId).then(see, () => undefined);
    };
    const close = api.watchJobs(moved);
    const poll = setInterval(() => api.jobs.get(jobId).then(see, () => undefined), o.pollMs ?? 2000);
    const timer = setTimeout(
      () => finish(Object.assign(new Error(`job ${jobId} did not finish within ${(o.timeoutMs ?? 0) / 1000} s`), { code: 'WATCH_TIMEOUT' })),
      o.timeoutMs ?? 2 ** 31 - 1,
    );
    api.jobs.get(jobId).then(see, (e) => finish(e as Error));
  });
}
