/**
 * @module persistence/audit-log.repository
 * The append-only audit log of state-changing admin actions (docs/security.md).
 * Entries are numbered in insertion order; a page is read newest first and
 * the next page starts strictly before the last entry's number (`before`).
 */
import type { AuditEntry, AuditPage } from '@fl/protocol';

export const AUDIT_LOG_REPOSITORY = Symbol('AUDIT_LOG_REPOSITORY');

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at: Date };

export interface AuditQuery {
  /** 1 … 500. */
  limit: number;
  /** Entry id (cursor): only entries older than it. */
  before?: number;
  actor?: string;
  action?: string;
}

export interface AuditLogRepository {
  append(entry: NewAuditEntry): Promise<void>;
  page(q: AuditQuery): Promise<AuditPage>;
}
