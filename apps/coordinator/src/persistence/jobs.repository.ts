/**
 * @module persistence/jobs.repository
 * Storage of {@link JobRecord}s. Callers `save` after every change they want
 * kept. Implementations hand out one live object per job (an identity map),
 * so the REST layer and the job's runner always see the same record.
 */
import type { JobRecord } from './job-record';
import type { ModelVersionRecord } from './model-versions.repository';

export const JOBS_REPOSITORY = Symbol('JOBS_REPOSITORY');

export interface JobsRepository {
  get(id: string): Promise<JobRecord | undefined>;
  list(): Promise<JobRecord[]>;
  /** The job and every round attempt in it. */
  save(job: JobRecord): Promise<void>;
  /** Forgets a job (no-op when absent). */
  delete(id: string): Promise<void>;
  /** Only the attempt at `job.rounds[seq]` (cheap; called at phase changes). */
  saveRound(job: JobRecord, seq: number): Promise<void>;
  /**
   * A successful round, atomically: the job (new model, strategy state,
   * progress, its attempts) and the new model version, in one transaction.
   * `job` may be a snapshot of the live record (the caller applies it to the
   * live one once this resolves); the live record stays the one handed out.
   */
  commitRound(job: JobRecord, version: ModelVersionRecord): Promise<void>;
}
