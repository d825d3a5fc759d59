/**
 * @module persistence/sql/migrations/0008-client-version
 * `clients`: the software version and protocol version each client last
 * authenticated with (`RegisterRequest.clientVersion`, `protocolVersion`),
 * shown on the dashboard's Clients page. Null for clients not seen since.
 */
import type { Kysely, Migration } from 'kysely';

export const clientVersion: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('clients').addColumn('client_version', 'text').execute();
    await db.schema.alterTable('clients').addColumn('protocol_version', 'integer').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('clients').dropColumn('protocol_version').execute();
    await db.schema.alterTable('clients').dropColumn('client_version').execute();
  },
};
