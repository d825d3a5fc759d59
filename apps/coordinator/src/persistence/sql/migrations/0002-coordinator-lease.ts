/**
 * @module persistence/sql/migrations/0002-coordinator-lease
 * The lease that makes one coordinator the active one per database
 * (persistence/sql/coordinator-lease): one row per lease name.
 */
import { type Kysely, type Migration } from 'kysely';

export const coordinatorLease: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('coordinator_lease')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('coordinator_lease').execute();
  },
};
