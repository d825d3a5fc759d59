/**
 * @module persistence/sql/migrations/0001-initial
 * The first schema: jobs, round attempts, model metadata, model versions, the
 * serving pointer and enrolled clients. Written with Kysely's schema builder
 * (no SQL strings), so it runs unchanged on PGlite and PostgreSQL.
 */
import { type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('config', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('current_round', 'integer', (c) => c.notNull())
      .addColumn('completed_rounds', 'integer', (c) => c.notNull())
      .addColumn('model_hash', 'text', (c) => c.notNull())
      .addColumn('model_version_id', 'text', (c) => c.notNull())
      .addColumn('parameter_count', 'integer', (c) => c.notNull())
      .addColumn('strategy_step', 'integer')
      .addColumn('strategy_tensors', 'bytea')
      .execute();
    await db.schema.createIndex('jobs_status').on('jobs').column('status').execute();
    await db.schema
      .createTable('rounds')
      .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('view', 'jsonb', (c) => c.notNull())
      .addColumn('metrics', 'jsonb')
      .addPrimaryKeyConstraint('rounds_pk', ['job_id', 'seq'])
      .execute();
    await db.schema
      .createTable('models')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('layout', 'jsonb', (c) => c.notNull())
      .addColumn('topology', 'jsonb')
      .addColumn('parameter_count', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('model_versions')
      .addColumn('seq', 'serial', (c) => c.notNull().unique())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('participants', 'jsonb', (c) => c.notNull())
      .addColumn('metrics', 'jsonb')
      .addColumn('secure_aggregation', 'boolean', (c) => c.notNull())
      .addColumn('privacy', 'jsonb')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('name', 'text')
      .execute();
    // A round can be committed once per job: the lineage never holds a round twice.
    await db.schema.createIndex('model_versions_job_round').on('model_versions').columns(['job_id', 'round']).unique().execute();
    await db.schema
      .createTable('registry_state')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('serving_id', 'text')
      .execute();
    await db.schema
      .createTable('clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('num_examples', 'integer', (c) => c.notNull())
      .addColumn('backend', 'text', (c) => c.notNull())
      .addColumn('signing_key', 'bytea')
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['clients', 'registry_state', 'model_versions', 'models', 'rounds', 'jobs']) await db.schema.dropTable(t).ifExists().execute();
  },
};
