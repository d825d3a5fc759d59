/**
 * @module persistence/in-memory-jobs.repository
 * {@link JobsRepository} kept in a Map, in creation order.
 */
import type { JobRecord } from './job-record';
import type { JobsRepository } from './jobs.repository';

export class InMemoryJobsRepository implements JobsRepository {
  private readonly jobs = new Map<string, JobRecord>();

  async get(id: string): Promise<JobRecord | undefined> {
    return this.jobs.get(id);
  }

  async list(): Promise<JobRecord[]> {
    return [...this.jobs.values()];
  }

  async save(job: JobRecord): Promise<void> {
    this.jobs.set(job.id, job);
  }

  async delete(id: string): Promise<void> {
    this.jobs.delete(id);
  }
}
