/**
 * @module auth/credentials.service
 * Turns a presented credential into a {@link Principal}, or null: a bearer
 * API token (`flt_<id>_<secret>`: the id finds the row, the SHA-256 of the
 * secret is compared in constant time, then revocation and expiry are
 * checked) or a dashboard session id (its hash finds the session, which must
 * be unexpired and whose token must still be active). Malformed input is
 * refused before any lookup. Records `lastUsedAt`, at most once a minute per
 * token.
 */
import { Inject, Injectable } from '@nestjs/common';
import { API_TOKENS_REPOSITORY, tokenActive, type ApiTokensRepository, type StoredApiToken } from '../persistence/api-tokens.repository';
import type { Principal } from './principal';
import { hashSecret, secretMatches, SESSION_PATTERN, tokenIdOf } from './token-secret';

const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class CredentialsService {
  private readonly touched = new Map<string, number>();

  constructor(@Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository) {}

  /** The active token a secret belongs to, else null. */
  async tokenFor(secret: string, now = new Date()): Promise<StoredApiToken | null> {
    const id = tokenIdOf(secret);
    if (id === null) return null;
    const t = await this.tokens.get(id);
    if (!t || !secretMatches(secret, t.secretHash) || !tokenActive(t, now)) return null;
    await this.touch(t, now);
    return t;
  }

  async bearer(secret: string): Promise<Principal | null> {
    const t = await this.tokenFor(secret);
    return t && { tokenId: t.id, name: t.name, role: t.role, via: 'bearer' };
  }

  async session(sessionId: string): Promise<Principal | null> {
    if (!SESSION_PATTERN.test(sessionId)) return null;
    const now = new Date();
    const s = await this.tokens.getSession(hashSecret(sessionId));
    if (!s || s.expiresAt.getTime() <= now.getTime()) return null;
    const t = await this.tokens.get(s.tokenId);
    if (!t || !tokenActive(t, now)) return null;
    await this.touch(t, now);
    return { tokenId: t.id, name: t.name, role: t.role, via: 'session' };
  }

  private async touch(t: StoredApiToken, now: Date): Promise<void> {
    if (now.getTime() - (this.touched.get(t.id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(t.id, now.getTime());
    await this.tokens.touch(t.id, now);
  }
}
