/**
 * @module persistence/sql/sql-clients.repository
 * {@link ClientsRepository} in the `clients` table.
 */
import type { Kysely } from 'kysely';
import type { Backend, ClientStatus } from '@fl/protocol';
import type { ClientsRepository, StoredClient } from '../clients.repository';
import type { Database } from './database';

export class SqlClientsRepository implements ClientsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<StoredClient[]> {
    const rows = await this.db.selectFrom('clients').selectAll().orderBy('registered_at').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      dataset: r.dataset,
      numExamples: r.num_examples,
      backend: r.backend as Backend,
      clientVersion: r.client_version,
      protocolVersion: r.protocol_version,
      signingKey: r.signing_key === null ? null : new Uint8Array(r.signing_key),
      status: r.status as ClientStatus,
      maxExamples: r.max_examples,
      enrollmentTokenId: r.enrollment_token_id,
      registeredAt: r.registered_at,
      lastSeenAt: r.last_seen_at,
    }));
  }

  async save(c: StoredClient): Promise<void> {
    const row = {
      token_hash: null,
      name: c.name,
      dataset: c.dataset,
      num_examples: c.numExamples,
      backend: c.backend,
      client_version: c.clientVersion,
      protocol_version: c.protocolVersion,
      signing_key: c.signingKey,
      status: c.status,
      max_examples: c.maxExamples,
      enrollment_token_id: c.enrollmentTokenId,
      registered_at: c.registeredAt,
      last_seen_at: c.lastSeenAt,
    };
    await this.db
      .insertInto('clients')
      .values({ id: c.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }
}
