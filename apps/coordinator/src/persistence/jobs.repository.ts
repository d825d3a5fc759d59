/**
 * @module persistence/jobs.repository
 * Storage of {@link JobRecord}s. Callers `save` after every change they want
 * kept; the in-memory implementation holds the live objects, a persisted one
 * will write them out.
 */
import type { JobRecord } from './job-record';

export const JOBS_REPOSITORY = Symbol('JOBS_REPOSITORY');

export interface JobsRepository {
  get(id: string): Promise<JobRecord | undefined>;
  list(): Promise<JobRecord[]>;
  save(job: JobRecord): Promise<void>;
  /** Forgets a job (no-op when absent). */
  delete(id: string): Promise<void>;
}
