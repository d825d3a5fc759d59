/**
 * @module persistence/sql/sql-model-versions.repository
 * {@link ModelVersionsRepository} in the `model_versions` table (ordered by
 * insertion) and the serving pointer in `registry_state`. A unique index on
 * (job, round) means a round can never be committed twice.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CentralizedEvaluation, RoundMetrics } from '@fl/protocol';
import type { ModelVersionRecord, ModelVersionsRepository, StoredFederatedEval } from '../model-versions.repository';
import type { Database, ModelVersionsTable } from './database';

export function versionRow(v: ModelVersionRecord): Insertable<ModelVersionsTable> {
  return {
    id: v.id,
    hash: v.hash,
    job_id: v.jobId,
    round: v.round,
    parent_id: v.parentId,
    participants: JSON.stringify(v.participants),
    metrics: v.metrics === null ? null : JSON.stringify(v.metrics),
    secure_aggregation: v.secureAggregation,
    privacy: v.privacy === null ? null : JSON.stringify(v.privacy),
    created_at: v.createdAt,
    name: v.name,
    federated_eval: v.federatedEval ? JSON.stringify(v.federatedEval) : null,
    centralized_eval: v.centralizedEval ? JSON.stringify(v.centralizedEval) : null,
  };
}

function toRecord(r: Selectable<ModelVersionsTable>): ModelVersionRecord {
  return {
    id: r.id,
    hash: r.hash,
    jobId: r.job_id,
    round: r.round,
    parentId: r.parent_id,
    participants: r.participants,
    metrics: (r.metrics as RoundMetrics | null) ?? null,
    secureAggregation: r.secure_aggregation,
    privacy: (r.privacy as ModelVersionRecord['privacy']) ?? null,
    createdAt: r.created_at,
    name: r.name,
    federatedEval: (r.federated_eval as StoredFederatedEval | null) ?? null,
    centralizedEval: (r.centralized_eval as CentralizedEvaluation | null) ?? null,
  };
}

/** Version records kept in memory after a read (only their centralized evaluation changes, through here; deletes evict them). */
export const VERSION_CACHE_ENTRIES = 1024;

/**
 * Reads that every predict request makes (the serving pointer, the version
 * record) are answered from memory after the first: this coordinator is the
 * database's only writer (the embedded engine, or the postgres lease), and
 * every write goes through here. Versions committed with a round
 * (`SqlJobsRepository.commitRound`) are simply read on first use.
 */
export class SqlModelVersionsRepository implements ModelVersionsRepository {
  private readonly byId = new Map<string, ModelVersionRecord>();
  private serving: { id: string | null } | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  async add(v: ModelVersionRecord): Promise<void> {
    await this.db.insertInto('model_versions').values(versionRow(v)).execute();
  }

  async get(id: string): Promise<ModelVersionRecord | undefined> {
    const hit = this.byId.get(id);
    if (hit) return hit;
    const r = await this.db.selectFrom('model_versions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const record = toRecord(r);
    if (this.byId.size >= VERSION_CACHE_ENTRIES) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(id, record);
    return record;
  }

  async list(filter: { jobId?: string } = {}): Promise<ModelVersionRecord[]> {
    let q = this.db.selectFrom('model_versions').selectAll();
    if (filter.jobId !== undefined) q = q.where('job_id', '=', filter.jobId);
    return (await q.orderBy('seq').execute()).map(toRecord);
  }

  async latest(jobId: string): Promise<ModelVersionRecord | undefined> {
    const r = await this.db.selectFrom('model_versions').selectAll().where('job_id', '=', jobId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r && toRecord(r);
  }

  async setCentralizedEval(id: string, e: CentralizedEvaluation): Promise<boolean> {
    const r = await this.db.updateTable('model_versions').set({ centralized_eval: JSON.stringify(e) }).where('id', '=', id).executeTakeFirst();
    const hit = this.byId.get(id);
    if (hit) this.byId.set(id, { ...hit, centralizedEval: e });
    return Number(r.numUpdatedRows) > 0;
  }

  async setServing(id: string | null): Promise<void> {
    await this.db
      .insertInto('registry_state')
      .values({ id: 1, serving_id: id })
      .onConflict((oc) => oc.column('id').doUpdateSet({ serving_id: id }))
      .execute();
    this.serving = { id };
  }

  async servingId(): Promise<string | null> {
    if (this.serving) return this.serving.id;
    const r = await this.db.selectFrom('registry_state').select('serving_id').where('id', '=', 1).executeTakeFirst();
    this.serving = { id: r?.serving_id ?? null };
    return this.serving.id;
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('model_versions').where('id', 'in', [...ids]).execute();
      await tx.updateTable('registry_state').set({ serving_id: null }).where('serving_id', 'in', [...ids]).execute();
    });
    for (const id of ids) this.byId.delete(id);
    if (this.serving?.id && ids.includes(this.serving.id)) this.serving = { id: null };
  }
}
