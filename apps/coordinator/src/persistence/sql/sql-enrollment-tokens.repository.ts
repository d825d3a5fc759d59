/**
 * @module persistence/sql/sql-enrollment-tokens.repository
 * {@link EnrollmentTokensRepository} in the `enrollment_tokens` table.
 * `consume` is one conditional `UPDATE … SET uses = uses + 1 WHERE … AND
 * uses < max_uses RETURNING *`: the row lock makes concurrent consumers of
 * the last use queue up and re-check the condition, so exactly one wins.
 */
import type { Kysely, Selectable } from 'kysely';
import { refusalOf, type ConsumeResult, type EnrollmentTokenRecord, type EnrollmentTokensRepository } from '../enrollment-tokens.repository';
import type { Database, EnrollmentTokensTable } from './database';

function fromRow(r: Selectable<EnrollmentTokensTable>): EnrollmentTokenRecord {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    label: r.label,
    maxUses: r.max_uses,
    uses: r.uses,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    dataset: r.dataset,
    clientName: r.client_name,
    maxExamples: r.max_examples,
    createdBy: r.created_by,
  };
}

export class SqlEnrollmentTokensRepository implements EnrollmentTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(t: EnrollmentTokenRecord): Promise<void> {
    await this.db
      .insertInto('enrollment_tokens')
      .values({
        id: t.id,
        secret_hash: t.secretHash,
        label: t.label,
        max_uses: t.maxUses,
        uses: t.uses,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        revoked_at: t.revokedAt,
        dataset: t.dataset,
        client_name: t.clientName,
        max_examples: t.maxExamples,
        created_by: t.createdBy,
      })
      .execute();
  }

  async get(id: string): Promise<EnrollmentTokenRecord | undefined> {
    const r = await this.db.selectFrom('enrollment_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  async list(): Promise<EnrollmentTokenRecord[]> {
    const rows = await this.db.selectFrom('enrollment_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(fromRow);
  }

  async revoke(id: string, at: Date): Promise<EnrollmentTokenRecord | undefined> {
    await this.db.updateTable('enrollment_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return this.get(id);
  }

  async consume(id: string, now: Date): Promise<ConsumeResult> {
    const r = await this.db
      .updateTable('enrollment_tokens')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .whereRef('uses', '<', 'max_uses')
      .returningAll()
      .executeTakeFirst();
    if (r) return { ok: true, token: fromRow(r) };
    return { ok: false, why: refusalOf(await this.get(id), now) };
  }
}
