/**
 * @module persistence/sql/sql-jobs.repository
 * {@link JobsRepository} in the `jobs` and `rounds` tables. One live
 * {@link JobRecord} per job is kept in memory (loaded on first use), so
 * every part of the coordinator shares it; every save writes it through.
 * Rounds are stored one row per attempt (the whole `RoundView` plus its
 * metrics), so a phase change rewrites one small row.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { JobConfig, JobStatus, RoundView } from '@fl/protocol';
import { deserializeWeights, serializeWeights, strategyStateFromWeights, strategyStateToWeights } from '@fl/fl-core';
import type { JobRecord } from '../job-record';
import type { PrivacyLedger } from '../../privacy/privacy-ledger';
import type { JobsRepository } from '../jobs.repository';
import type { ModelVersionRecord } from '../model-versions.repository';
import type { Database, JobsTable } from './database';
import { versionRow } from './sql-model-versions.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** Runs first in every write transaction; throws to refuse the write (the coordinator lease's fencing check). */
export type WriteFence = (tx: Transaction<Database>) => Promise<void>;

export class SqlJobsRepository implements JobsRepository {
  private readonly live = new Map<string, JobRecord>();

  /** `fence`: checked first in every write (the postgres engine's coordinator lease); none for the embedded engine. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly fence: WriteFence | null = null,
  ) {}

  /** One write: alone, or in a transaction behind the fence. */
  private async write(fn: (db: Db) => Promise<unknown>): Promise<void> {
    const fence = this.fence;
    if (!fence) {
      await fn(this.db);
      return;
    }
    await this.db.transaction().execute(async (tx) => {
      await fence(tx);
      await fn(tx);
    });
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const hit = this.live.get(id);
    if (hit) return hit;
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.adopt(row);
  }

  async list(): Promise<JobRecord[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().orderBy('created_at').orderBy('id').execute();
    const out: JobRecord[] = [];
    for (const row of rows) out.push(this.live.get(row.id) ?? (await this.adopt(row)));
    return out;
  }

  async save(job: JobRecord): Promise<void> {
    this.live.set(job.id, job);
    await this.db.transaction().execute(async (tx) => {
      await this.fence?.(tx);
      await writeJob(tx, job);
      await writeRounds(tx, job, 0);
    });
  }

  /** Removes the job and (cascade) its rounds; versions are the registry's to delete. */
  async delete(id: string): Promise<void> {
    this.live.delete(id);
    await this.write((db) => db.deleteFrom('jobs').where('id', '=', id).execute());
  }

  async saveRound(job: JobRecord, seq: number): Promise<void> {
    if (seq < 0 || seq >= job.rounds.length) return;
    await this.write((db) => writeRounds(db, job, seq, seq + 1));
  }

  async commitRound(job: JobRecord, version: ModelVersionRecord): Promise<void> {
    if (!this.live.has(job.id)) this.live.set(job.id, job);
    await this.db.transaction().execute(async (tx) => {
      await this.fence?.(tx);
      await tx.insertInto('model_versions').values(versionRow(version)).execute();
      await writeJob(tx, job);
      await writeRounds(tx, job, 0);
    });
  }

  private async adopt(row: Selectable<JobsTable>): Promise<JobRecord> {
    const rounds = await this.db.selectFrom('rounds').select('view').where('job_id', '=', row.id).orderBy('seq').execute();
    const job: JobRecord = {
      id: row.id,
      config: row.config as JobConfig,
      status: row.status as JobStatus,
      statusReason: row.status_reason,
      createdAt: row.created_at,
      rounds: rounds.map((r) => r.view as RoundView),
      currentRound: row.current_round,
      completedRounds: row.completed_rounds,
      modelHash: row.model_hash,
      modelVersionId: row.model_version_id,
      parameterCount: row.parameter_count,
      privacy: (row.privacy_ledger as PrivacyLedger | null) ?? undefined,
      strategyState: row.strategy_step === null || row.strategy_tensors === null ? null : strategyStateFromWeights(deserializeWeights(new Uint8Array(row.strategy_tensors)), row.strategy_step),
    };
    // Another caller may have adopted it while we read the rounds.
    const raced = this.live.get(row.id);
    if (raced) return raced;
    this.live.set(row.id, job);
    return job;
  }
}

async function writeJob(db: Db, job: JobRecord): Promise<void> {
  const s = job.strategyState;
  const row = {
    config: JSON.stringify(job.config),
    status: job.status,
    status_reason: job.statusReason,
    created_at: job.createdAt,
    current_round: job.currentRound,
    completed_rounds: job.completedRounds,
    model_hash: job.modelHash,
    model_version_id: job.modelVersionId,
    parameter_count: job.parameterCount,
    strategy_step: s ? s.step : null,
    strategy_tensors: s ? serializeWeights(strategyStateToWeights(s)) : null,
    privacy_ledger: job.privacy ? JSON.stringify(job.privacy) : null,
  };
  await db
    .insertInto('jobs')
    .values({ id: job.id, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Upserts the attempts `job.rounds[from, to)`. */
async function writeRounds(db: Db, job: JobRecord, from: number, to = job.rounds.length): Promise<void> {
  const rows = job.rounds.slice(from, to).map((v, i) => ({
    job_id: job.id,
    seq: from + i,
    round: v.round,
    attempt: v.attempt,
    phase: v.phase,
    view: JSON.stringify(v),
    metrics: v.metrics === null ? null : JSON.stringify(v.metrics),
  }));
  if (rows.length === 0) return;
  await db
    .insertInto('rounds')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['job_id', 'seq']).doUpdateSet((eb) => ({
        round: eb.ref('excluded.round'),
        attempt: eb.ref('excluded.attempt'),
        phase: eb.ref('excluded.phase'),
        view: eb.ref('excluded.view'),
        metrics: eb.ref('excluded.metrics'),
      })),
    )
    .execute();
}
