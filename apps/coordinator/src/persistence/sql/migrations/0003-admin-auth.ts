/**
 * @module persistence/sql/migrations/0003-admin-auth
 * Admin access control (docs/security.md): API tokens (only the SHA-256 of
 * each secret), the dashboard sessions opened with them (hashed ids,
 * expiring, gone with their token) and the audit log.
 */
import { type Kysely, type Migration } from 'kysely';

export const adminAuth: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('last_used_at', 'timestamptz')
      .addColumn('created_by', 'text')
      .execute();
    await db.schema
      .createTable('admin_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_sessions_token_id').on('admin_sessions').column('token_id').execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'serial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('actor_token_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('source_address', 'text')
      .addColumn('details', 'jsonb')
      .execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_token_id', 'seq']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('admin_sessions').execute();
    await db.schema.dropTable('api_tokens').execute();
  },
};
