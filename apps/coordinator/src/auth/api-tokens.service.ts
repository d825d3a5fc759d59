/**
 * @module auth/api-tokens.service
 * API token lifecycle: list (never with secrets), create (the secret is in
 * the reply only), revoke (never the last active admin token), and the
 * caller's own identity. Create and revoke write their audit entry in the
 * repository's transaction.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ApiTokenView, CreatedApiToken, WhoAmI } from '@fl/protocol';
import { API_TOKENS_REPOSITORY, type ApiTokensRepository, type StoredApiToken } from '../persistence/api-tokens.repository';
import { AuditService } from '../audit/audit.service';
import { authError, AuthCode } from './auth-errors';
import { ROLE_PERMISSIONS } from './permissions';
import type { Principal } from './principal';
import { newTokenSecret } from './token-secret';
import { TokenEvents } from './token-events';
import type { CreateTokenDto } from './dto/create-token.dto';

export function toTokenView(t: StoredApiToken): ApiTokenView {
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return { id: t.id, name: t.name, role: t.role, createdAt: t.createdAt.toISOString(), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt), lastUsedAt: iso(t.lastUsedAt), createdBy: t.createdBy };
}

@Injectable()
export class ApiTokensService {
  constructor(
    @Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditService,
    private readonly events: TokenEvents,
  ) {}

  async list(): Promise<ApiTokenView[]> {
    return (await this.tokens.list()).map(toTokenView);
  }

  async create(dto: CreateTokenDto, actor: Principal | null, source: string | null): Promise<CreatedApiToken> {
    const now = new Date();
    const s = newTokenSecret();
    const token: StoredApiToken = {
      id: s.id, name: dto.name, role: dto.role, secretHash: s.hash, createdAt: now,
      expiresAt: dto.expiresInSeconds === undefined ? null : new Date(now.getTime() + dto.expiresInSeconds * 1000),
      revokedAt: null, lastUsedAt: null, createdBy: actor?.tokenId ?? null,
    };
    await this.tokens.create(token, this.audit.entry({ principal: actor, action: 'tokens.create', target: s.id, result: 'ok', sourceAddress: source, details: { name: dto.name, role: dto.role, expiresAt: token.expiresAt?.toISOString() ?? null } }));
    return { ...toTokenView(token), secret: s.secret };
  }

  async revoke(id: string, actor: Principal | null, source: string | null): Promise<ApiTokenView> {
    const out = await this.tokens.revoke(id, new Date(), this.audit.entry({ principal: actor, action: 'tokens.revoke', target: id, result: 'ok', sourceAddress: source }));
    if (out === 'not_found') throw authError(HttpStatus.NOT_FOUND, AuthCode.TokenNotFound, `no API token ${id}`);
    if (out === 'already_revoked') throw authError(HttpStatus.CONFLICT, AuthCode.AlreadyRevoked, `API token ${id} is already revoked`);
    if (out === 'last_admin') throw authError(HttpStatus.CONFLICT, AuthCode.LastAdmin, `API token ${id} is the last active admin token: create another admin token first`);
    this.events.revoked$.next(id);
    return toTokenView((await this.tokens.get(id))!);
  }

  whoAmI(p: Principal): WhoAmI {
    return { tokenId: p.tokenId, name: p.name, role: p.role, permissions: [...ROLE_PERMISSIONS[p.role]] };
  }
}
