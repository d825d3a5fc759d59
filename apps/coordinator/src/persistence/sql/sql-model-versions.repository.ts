/**
 * @module persistence/sql/sql-model-versions.repository
 * {@link ModelVersionsRepository} in the `model_versions` table (ordered by
 * insertion) and the serving pointer in `registry_state`. A unique index on
 * (job, round) means a round can never be committed twice.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RoundMetrics } from '@fl/protocol';
import type { ModelVersionRecord, ModelVersionsRepository } from '../model-versions.repository';
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
  };
}

export class SqlModelVersionsRepository implements ModelVersionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(v: ModelVersionRecord): Promise<void> {
    await this.db.insertInto('model_versions').values(versionRow(v)).execute();
  }

  async get(id: string): Promise<ModelVersionRecord | undefined> {
    const r = await this.db.selectFrom('model_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
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

  async setServing(id: string | null): Promise<void> {
    await this.db
      .insertInto('registry_state')
      .values({ id: 1, serving_id: id })
      .onConflict((oc) => oc.column('id').doUpdateSet({ serving_id: id }))
      .execute();
  }

  async servingId(): Promise<string | null> {
    const r = await this.db.selectFrom('registry_state').select('serving_id').where('id', '=', 1).executeTakeFirst();
    return r?.serving_id ?? null;
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('model_versions').where('id', 'in', [...ids]).execute();
      await tx.updateTable('registry_state').set({ serving_id: null }).where('serving_id', 'in', [...ids]).execute();
    });
  }
}
