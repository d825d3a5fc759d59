/**
 * @module metrics/round-observer
 * Turns the job change stream (rounds/job-events.service) into round
 * metrics: when an attempt this process saw running ends, its outcome,
 * duration and per-phase/per-stage times (`RoundView.phaseSeconds`,
 * `secureAggregation.stageSeconds`) are recorded once; while a secure round
 * runs, the survivors of its current stage and its threshold t are set.
 * Attempts closed by restart recovery were never seen running here and are
 * not counted (the process that ran them had its own counters).
 * O(1) per change: only the job's last attempt is looked at.
 */
import { RoundPhase } from '@fl/protocol';
import type { JobRecord } from '../persistence/job-record';
import type { CoordinatorMetrics } from './coordinator-metrics';

export class RoundObserver {
  /** Per job, the index in `rounds` of the attempt seen running and not yet recorded. */
  private readonly running = new Map<string, number>();

  constructor(private readonly metrics: CoordinatorMetrics) {}

  changed(job: JobRecord): void {
    const seq = job.rounds.length - 1;
    const view = job.rounds[seq];
    if (!view) return;
    const secure = view.secureAggregation;
    if (secure) {
      if (secure.stage !== null) this.metrics.secaggSurvivors.set({ stage: secure.stage }, secure.survivors);
      this.metrics.secaggThreshold.set(secure.t);
    }
    const ended = view.phase === RoundPhase.Done || view.phase === RoundPhase.Failed;
    if (!ended) {
      this.running.set(job.id, seq);
      return;
    }
    if (this.running.get(job.id) !== seq) return;
    this.running.delete(job.id);
    this.metrics.roundEnded(view.phase === RoundPhase.Done ? 'completed' : 'failed', view.seconds, { ...view.phaseSeconds, ...secure?.stageSeconds });
  }
}
