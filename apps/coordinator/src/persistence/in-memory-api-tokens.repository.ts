/**
 * @module persistence/in-memory-api-tokens.repository
 * {@link ApiTokensRepository} in memory (`--db memory`, tests). Audit
 * entries go to the in-memory audit log it is given.
 */
import { tokenActive, type ApiTokensRepository, type RevokeOutcome, type StoredApiToken, type StoredSession } from './api-tokens.repository';
import type { AuditLogRepository, NewAuditEntry } from './audit-log.repository';

export class InMemoryApiTokensRepository implements ApiTokensRepository {
  private readonly tokens = new Map<string, StoredApiToken>();
  private readonly sessions = new Map<string, StoredSession>();

  constructor(private readonly audit: AuditLogRepository) {}

  async get(id: string): Promise<StoredApiToken | undefined> {
    return this.tokens.get(id);
  }

  async list(): Promise<StoredApiToken[]> {
    return [...this.tokens.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async create(t: StoredApiToken, audit?: NewAuditEntry): Promise<void> {
    if (this.tokens.has(t.id)) throw new Error(`api token ${t.id} exists`);
    this.tokens.set(t.id, t);
    if (audit) await this.audit.append(audit);
  }

  async revoke(id: string, at: Date, audit?: NewAuditEntry): Promise<RevokeOutcome> {
    const t = this.tokens.get(id);
    if (!t) return 'not_found';
    if (t.revokedAt !== null) return 'already_revoked';
    if (t.role === 'admin' && tokenActive(t, at) && !(await this.list()).some((a) => a.id !== id && a.role === 'admin' && tokenActive(a, at))) return 'last_admin';
    this.tokens.set(id, { ...t, revokedAt: at });
    for (const [k, s] of this.sessions) if (s.tokenId === id) this.sessions.delete(k);
    if (audit) await this.audit.append(audit);
    return 'revoked';
  }

  async countActiveAdmins(at: Date): Promise<number> {
    return [...this.tokens.values()].filter((t) => t.role === 'admin' && tokenActive(t, at)).length;
  }

  async touch(id: string, at: Date): Promise<void> {
    const t = this.tokens.get(id);
    if (t) this.tokens.set(id, { ...t, lastUsedAt: at });
  }

  async createSession(s: StoredSession): Promise<void> {
    for (const [k, old] of this.sessions) if (old.expiresAt.getTime() <= s.createdAt.getTime()) this.sessions.delete(k);
    this.sessions.set(s.idHash, s);
  }

  async getSession(idHash: string): Promise<StoredSession | undefined> {
    return this.sessions.get(idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.sessions.delete(idHash);
  }
}
