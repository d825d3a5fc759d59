/**
 * @module persistence/in-memory-jobs.repository
 * {@link JobsRepository} kept in a Map, in creation order (unit tests and
 * `--db memory`). `commitRound` adds the version to the in-memory registry.
 */
import type { JobRecord } from './job-record';
import type { JobsRepository } from './jobs.repository';
import type { ModelVersionRecord, ModelVersionsRepository } from './model-versions.repository';

export class InMemoryJobsRepository implements JobsRepository {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly versions?: ModelVersionsRepository) {}

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

  async saveRound(job: JobRecord): Promise<void> {
    this.jobs.set(job.id, job);
  }

  async commitRound(job: JobRecord, version: ModelVersionRecord): Promise<void> {
    await this.versions?.add(version);
    // The caller applies the committed progress to the live record it holds.
    if (!this.jobs.has(job.id)) this.jobs.set(job.id, job);
  }
}
