/**
 * @module rounds/restart-recovery
 * What a restarted coordinator does with a job that was running when it
 * died. Nothing of an unfinished attempt was committed (the model, strategy
 * state and progress move only in `commitRound`'s one transaction), so the
 * attempt is closed as failed with the reason "coordinator restarted during
 * <phase>" and the job's runner starts again at `completedRounds + 1`. The
 * re-run is a new attempt (new secure-aggregation run id, fresh keys) that
 * reuses the interrupted attempt's seeds, and a restart is not counted
 * against `maxRoundRetries`.
 */
import { RoundPhase, type RoundView } from '@fl/protocol';
import type { JobRecord } from '../persistence/job-record';

export const RESTART_REASON_PREFIX = 'coordinator restarted during ';

export function isRestartFailure(v: RoundView): boolean {
  return v.phase === RoundPhase.Failed && (v.failureReason ?? '').startsWith(RESTART_REASON_PREFIX);
}

/** `training (secure aggregation: share-keys)`, `aggregating`, … */
export function phaseLabel(v: RoundView): string {
  const stage = v.secureAggregation?.stage;
  if (v.phase === RoundPhase.Done) return 'the commit of the round';
  return stage ? `${v.phase} (secure aggregation: ${stage})` : v.phase;
}

/**
 * Closes every attempt of `job` past its committed rounds that is not
 * already failed. @returns how many were closed.
 */
export function closeInterruptedAttempts(job: JobRecord, now: Date): number {
  let n = 0;
  for (const v of job.rounds) {
    if (v.round <= job.completedRounds || v.phase === RoundPhase.Failed) continue;
    const reason = `${RESTART_REASON_PREFIX}${phaseLabel(v)}`;
    Object.assign(v, { phase: RoundPhase.Failed, failureReason: reason, endedAt: now.toISOString(), phaseDeadline: null, metrics: null });
    if (v.seconds === null) v.seconds = (now.getTime() - Date.parse(v.startedAt)) / 1000;
    n++;
  }
  return n;
}

/**
 * Attempt bookkeeping of `round` from the job's history: the last attempt
 * number and the failures that count against the retry limit (restarts do
 * not). The next attempt's seeds derive from `counted + 1`, so a re-run
 * after a restart repeats the interrupted attempt.
 */
export function attemptsSoFar(job: JobRecord, round: number): { last: number; counted: number } {
  const mine = job.rounds.filter((v) => v.round === round);
  return { last: mine[mine.length - 1]?.attempt ?? 0, counted: mine.filter((v) => v.phase === RoundPhase.Failed && !isRestartFailure(v)).length };
}
