/**
 * @module persistence/in-memory-model-versions.repository
 * {@link ModelVersionsRepository} in memory, in insertion order.
 */
import type { CentralizedEvaluation } from '@fl/protocol';
import type { ModelVersionRecord, ModelVersionsRepository } from './model-versions.repository';

export class InMemoryModelVersionsRepository implements ModelVersionsRepository {
  private readonly versions = new Map<string, ModelVersionRecord>();
  private serving: string | null = null;

  /** @throws like the SQL table's keys: a taken id, or a second version for a job's round. */
  async add(v: ModelVersionRecord): Promise<void> {
    if (this.versions.has(v.id)) throw new Error(`model version ${v.id} exists`);
    for (const o of this.versions.values())
      if (v.jobId !== null && o.jobId === v.jobId && o.round === v.round) throw new Error(`job ${v.jobId} already has a version for round ${v.round}`);
    this.versions.set(v.id, structuredClone({ ...v, federatedEval: v.federatedEval ?? null, centralizedEval: v.centralizedEval ?? null }));
  }

  async setCentralizedEval(id: string, e: CentralizedEvaluation): Promise<boolean> {
    const v = this.versions.get(id);
    if (!v) return false;
    this.versions.set(id, { ...v, centralizedEval: structuredClone(e) });
    return true;
  }

  async get(id: string): Promise<ModelVersionRecord | undefined> {
    return this.versions.get(id);
  }

  async list(filter: { jobId?: string } = {}): Promise<ModelVersionRecord[]> {
    const all = [...this.versions.values()];
    return filter.jobId === undefined ? all : all.filter((v) => v.jobId === filter.jobId);
  }

  async latest(jobId: string): Promise<ModelVersionRecord | undefined> {
    const mine = await this.list({ jobId });
    return mine[mine.length - 1];
  }

  async setServing(id: string | null): Promise<void> {
    this.serving = id;
  }

  async servingId(): Promise<string | null> {
    return this.serving;
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.versions.delete(id);
    if (this.serving !== null && ids.includes(this.serving)) this.serving = null;
  }
}
