/**
 * @module persistence/in-memory-enrollment-tokens.repository
 * {@link EnrollmentTokensRepository} in a Map (unit tests and `--db memory`).
 * `consume` checks and counts in one synchronous step, which is atomic on
 * the event loop.
 */
import { refusalOf, type ConsumeResult, type EnrollmentTokenRecord, type EnrollmentTokensRepository } from './enrollment-tokens.repository';

export class InMemoryEnrollmentTokensRepository implements EnrollmentTokensRepository {
  private readonly tokens = new Map<string, EnrollmentTokenRecord>();

  async create(token: EnrollmentTokenRecord): Promise<void> {
    if (this.tokens.has(token.id)) throw new Error(`enrollment token ${token.id} exists`);
    this.tokens.set(token.id, { ...token });
  }

  async get(id: string): Promise<EnrollmentTokenRecord | undefined> {
    const t = this.tokens.get(id);
    return t && { ...t };
  }

  async list(): Promise<EnrollmentTokenRecord[]> {
    return [...this.tokens.values()].map((t) => ({ ...t })).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  }

  async revoke(id: string, at: Date): Promise<EnrollmentTokenRecord | undefined> {
    const t = this.tokens.get(id);
    if (!t) return undefined;
    const next = t.revokedAt ? t : { ...t, revokedAt: at };
    this.tokens.set(id, next);
    return { ...next };
  }

  async consume(id: string, now: Date): Promise<ConsumeResult> {
    const t = this.tokens.get(id);
    if (!t || t.revokedAt || t.expiresAt.getTime() <= now.getTime() || t.uses >= t.maxUses) return { ok: false, why: refusalOf(t, now) };
    const next = { ...t, uses: t.uses + 1 };
    this.tokens.set(id, next);
    return { ok: true, token: { ...next } };
  }
}
