/**
 * @module persistence/sql/migrations/0004-enrollment
 * Client enrollment and authentication (docs/enrollment.md):
 * - `enrollment_tokens`: admin-made tokens (only a SHA-256 hash of the secret);
 * - `coordinator_identity`: the stable random id clients' signatures are bound to;
 * - `clients`: status (active | suspended | revoked), the example cap set at
 *   enrollment and the token used; the protocol-1 session-token hash is no
 *   longer written (nullable, cleared).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const enrollment: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('enrollment_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('max_uses', 'integer', (c) => c.notNull())
      .addColumn('uses', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('dataset', 'text')
      .addColumn('client_name', 'text')
      .addColumn('max_examples', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();
    await db.schema
      .createTable('coordinator_identity')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('coordinator_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('clients').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
    await db.schema.alterTable('clients').addColumn('max_examples', 'integer').execute();
    await db.schema.alterTable('clients').addColumn('enrollment_token_id', 'text').execute();
    await db.schema.alterTable('clients').alterColumn('token_hash', (c) => c.dropNotNull()).execute();
    await sql`update clients set token_hash = null`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('clients').dropColumn('enrollment_token_id').execute();
    await db.schema.alterTable('clients').dropColumn('max_examples').execute();
    await db.schema.alterTable('clients').dropColumn('status').execute();
    await db.schema.dropTable('coordinator_identity').execute();
    await db.schema.dropTable('enrollment_tokens').execute();
  },
};
