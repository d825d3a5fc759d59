/**
 * @module auth/sessions.service
 * Dashboard sessions: `POST /api/auth/session {token}` trades a valid API
 * token for a random session id (32 bytes) that the browser keeps in an
 * HttpOnly, SameSite=Strict cookie; only its SHA-256 is stored, with an
 * expiry (`--session-hours`). The session dies with its token (revocation,
 * expiry). Failed logins count towards the per-address limit. Only a
 * successful login or an actual logout is audited (refusals are counted,
 * so unauthenticated callers cannot flood the audit log).
 */
import { Inject, Injectable } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { API_TOKENS_REPOSITORY, type ApiTokensRepository } from '../persistence/api-tokens.repository';
import { AuditService } from '../audit/audit.service';
import { rateLimited, unauthenticated } from './auth-errors';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { CredentialsService } from './credentials.service';
import type { Principal } from './principal';
import { hashSecret, newSessionId, SESSION_PATTERN } from './token-secret';

export interface OpenedSession {
  sessionId: string;
  expiresAt: Date;
  principal: Principal;
}

@Injectable()
export class SessionsService {
  constructor(
    @Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly credentials: CredentialsService,
    private readonly limiter: AuthFailureLimiter,
    private readonly audit: AuditService,
  ) {}

  async open(secret: string, source: string | null): Promise<OpenedSession> {
    if (await this.limiter.blocked(source)) throw rateLimited();
    const t = await this.credentials.tokenFor(secret);
    if (!t) {
      await this.limiter.fail(source, 'invalid, expired or revoked token at login');
      throw unauthenticated('invalid, expired or revoked API token');
    }
    const now = new Date();
    const sessionId = newSessionId();
    const expiresAt = new Date(now.getTime() + this.config.sessionHours * 3600_000);
    await this.tokens.createSession({ idHash: hashSecret(sessionId), tokenId: t.id, createdAt: now, expiresAt });
    const principal: Principal = { tokenId: t.id, name: t.name, role: t.role, via: 'session' };
    await this.audit.record({ principal, action: 'auth.login', target: t.id, result: 'ok', sourceAddress: source, details: { expiresAt: expiresAt.toISOString() } });
    return { sessionId, expiresAt, principal };
  }

  async close(sessionId: string | undefined, source: string | null): Promise<void> {
    if (sessionId === undefined || !SESSION_PATTERN.test(sessionId)) return;
    const s = await this.tokens.getSession(hashSecret(sessionId));
    if (!s) return;
    await this.tokens.deleteSession(s.idHash);
    const t = await this.tokens.get(s.tokenId);
    await this.audit.record({ principal: t ? { tokenId: t.id, name: t.name } : null, action: 'auth.logout', target: s.tokenId, result: 'ok', sourceAddress: source });
  }
}
