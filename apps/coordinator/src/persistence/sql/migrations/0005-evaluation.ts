/**
 * @module persistence/sql/migrations/0005-evaluation
 * Model evaluation (docs/evaluation.md), on the version it evaluates:
 * - `model_versions.federated_eval`: the cohort's evaluation, its
 *   example-weighted means and each client's row, written with the version;
 * - `model_versions.centralized_eval`: the coordinator's evaluation on the
 *   job's held-out `evalData`, written when it finishes (or fails).
 * Both are read together per version, never queried by field: JSON columns.
 */
import type { Kysely, Migration } from 'kysely';

export const evaluation: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('model_versions').addColumn('federated_eval', 'jsonb').execute();
    await db.schema.alterTable('model_versions').addColumn('centralized_eval', 'jsonb').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('model_versions').dropColumn('centralized_eval').execute();
    await db.schema.alterTable('model_versions').dropColumn('federated_eval').execute();
  },
};
