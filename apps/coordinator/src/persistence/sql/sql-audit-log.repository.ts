/**
 * @module persistence/sql/sql-audit-log.repository
 * {@link AuditLogRepository} in the `audit_log` table. {@link insertAudit}
 * also serves other repositories that write an entry inside their own
 * transaction.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditEntry, AuditPage } from '@fl/protocol';
import type { AuditLogRepository, AuditQuery, NewAuditEntry } from '../audit-log.repository';
import type { AuditLogTable, Database } from './database';

export async function insertAudit(db: Kysely<Database> | Transaction<Database>, e: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor_token_id: e.actorTokenId,
      actor_name: e.actorName,
      action: e.action,
      target: e.target,
      result: e.result,
      source_address: e.sourceAddress,
      details: e.details === null ? null : JSON.stringify(e.details),
    })
    .execute();
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: String(r.seq),
    at: r.at.toISOString(),
    actorTokenId: r.actor_token_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    result: r.result,
    sourceAddress: r.source_address,
    details: r.details as Record<string, unknown> | null,
  };
}

export class SqlAuditLogRepository implements AuditLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  append(entry: NewAuditEntry): Promise<void> {
    return insertAudit(this.db, entry);
  }

  async page(q: AuditQuery): Promise<AuditPage> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (q.before !== undefined) query = query.where('seq', '<', q.before);
    if (q.actor !== undefined) query = query.where('actor_token_id', '=', q.actor);
    if (q.action !== undefined) query = query.where('action', '=', q.action);
    const rows = await query.orderBy('seq', 'desc').limit(q.limit + 1).execute();
    const entries = rows.slice(0, q.limit).map(toEntry);
    return { entries, next: rows.length > q.limit ? entries[entries.length - 1].id : null };
  }
}
