/**
 * @module persistence/sql/migrations/0007-privacy-ledger
 * Differential privacy (docs/privacy.md): `jobs.privacy_ledger`, the job's
 * RDP ledger (per-order curve, rounds charged, ε spent, budget), written in
 * the same transaction as each model version (whose `privacy` column, from
 * 0001, gets the (ε, δ) spent up to it). Read whole with the job: JSON.
 */
import type { Kysely, Migration } from 'kysely';

export const privacyLedger: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('jobs').addColumn('privacy_ledger', 'jsonb').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('jobs').dropColumn('privacy_ledger').execute();
  },
};
