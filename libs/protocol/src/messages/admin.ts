/**
 * @module messages/admin
 * server → dashboard over the `/admin` namespace, no acks.
 *
 * `admin:job` carries what changes during a round — the job's summary (the
 * JobView without its round history) and its latest attempt — plus the
 * history's length, which tells a follower when its copy is behind. The
 * history itself (completed attempts) is read once over REST
 * (`GET /api/jobs/:id`) when a page opens it or the event says it moved;
 * job-updates folds both together. So an event's size no longer grows with
 * rounds × cohort (docs/performance.md "Dashboard").
 * `admin:evaluation` says a centralized evaluation was recorded after its
 * round (docs/evaluation.md; read it with `GET /api/jobs/:id/evaluations`).
 * `admin:clients` carries the full client list.
 */
import type { JobView, RoundView } from '../rest/jobs';
import type { ClientView } from '../rest/clients';

/** A job without its round history. */
export type JobSummary = Omit<JobView, 'rounds'>;

export interface AdminJobUpdate {
  job: JobSummary;
  /** The job's latest attempt (the one that is changing); null before the first round starts. */
  current: RoundView | null;
  /** Attempts in the job's history (`JobView.rounds.length`). */
  attempts: number;
  /**
   * The attempt before `current`, in its final state: sent with the first
   * event of a new attempt, so a follower holding the history folds the
   * attempt that just ended without reading the history again.
   */
  previous?: RoundView;
}

export interface AdminEvaluationUpdate {
  jobId: string;
  /** The round whose model version the result belongs to. */
  round: number;
}

export interface AdminClientsUpdate {
  clients: ClientView[];
}
