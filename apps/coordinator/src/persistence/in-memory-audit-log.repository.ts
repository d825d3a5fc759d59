/**
 * @module persistence/in-memory-audit-log.repository
 * {@link AuditLogRepository} in memory (`--db memory`, tests): keeps the
 * newest {@link IN_MEMORY_AUDIT_CAP} entries.
 */
import type { AuditEntry, AuditPage } from '@fl/protocol';
import type { AuditLogRepository, AuditQuery, NewAuditEntry } from './audit-log.repository';

export const IN_MEMORY_AUDIT_CAP = 10_000;

export class InMemoryAuditLogRepository implements AuditLogRepository {
  private readonly entries: AuditEntry[] = [];
  private seq = 0;

  async append(e: NewAuditEntry): Promise<void> {
    this.entries.push({ ...e, id: String(++this.seq), at: e.at.toISOString() });
    if (this.entries.length > IN_MEMORY_AUDIT_CAP) this.entries.shift();
  }

  async page(q: AuditQuery): Promise<AuditPage> {
    const out: AuditEntry[] = [];
    let more = false;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (q.before !== undefined && Number(e.id) >= q.before) continue;
      if (q.actor !== undefined && e.actorTokenId !== q.actor) continue;
      if (q.action !== undefined && e.action !== q.action) continue;
      if (out.length === q.limit) {
        more = true;
        break;
      }
      out.push(structuredClone(e));
    }
    return { entries: out, next: more ? out[out.length - 1].id : null };
  }
}
