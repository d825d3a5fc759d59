/**
 * @module persistence/sql/sql-api-tokens.repository
 * {@link ApiTokensRepository} in the `api_tokens` and `admin_sessions`
 * tables. Create and revoke write their audit entry in the same transaction;
 * revoke locks the active admin rows first (`FOR UPDATE`), so concurrent
 * revocations serialize on the last-admin check.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Role } from '@fl/protocol';
import { tokenActive, type ApiTokensRepository, type RevokeOutcome, type StoredApiToken, type StoredSession } from '../api-tokens.repository';
import type { NewAuditEntry } from '../audit-log.repository';
import type { ApiTokensTable, Database } from './database';
import { insertAudit } from './sql-audit-log.repository';

function toToken(r: Selectable<ApiTokensTable>): StoredApiToken {
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    createdBy: r.created_by,
  };
}

export class SqlApiTokensRepository implements ApiTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<StoredApiToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toToken(r);
  }

  async list(): Promise<StoredApiToken[]> {
    return (await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute()).map(toToken);
  }

  async create(t: StoredApiToken, audit?: NewAuditEntry): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('api_tokens')
        .values({
          id: t.id,
          name: t.name,
          role: t.role,
          secret_hash: t.secretHash,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          revoked_at: t.revokedAt,
          last_used_at: t.lastUsedAt,
          created_by: t.createdBy,
        })
        .execute();
      if (audit) await insertAudit(tx, audit);
    });
  }

  async revoke(id: string, at: Date, audit?: NewAuditEntry): Promise<RevokeOutcome> {
    return this.db.transaction().execute(async (tx) => {
      const admins = (await tx.selectFrom('api_tokens').selectAll().where('role', '=', 'admin').where('revoked_at', 'is', null).forUpdate().execute()).map(toToken);
      const row = await tx.selectFrom('api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return 'not_found';
      const t = toToken(row);
      if (t.revokedAt !== null) return 'already_revoked';
      if (t.role === 'admin' && tokenActive(t, at) && !admins.some((a) => a.id !== id && tokenActive(a, at))) return 'last_admin';
      await tx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
      await tx.deleteFrom('admin_sessions').where('token_id', '=', id).execute();
      if (audit) await insertAudit(tx, audit);
      return 'revoked';
    });
  }

  async countActiveAdmins(at: Date): Promise<number> {
    const r = await this.db
      .selectFrom('api_tokens')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async createSession(s: StoredSession): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('admin_sessions').where('expires_at', '<=', s.createdAt).execute();
      await tx.insertInto('admin_sessions').values({ id_hash: s.idHash, token_id: s.tokenId, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
    });
  }

  async getSession(idHash: string): Promise<StoredSession | undefined> {
    const r = await this.db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && { idHash: r.id_hash, tokenId: r.token_id, createdAt: r.created_at, expiresAt: r.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
  }
}
