/**
 * @module auth/authenticator.service
 * One authentication step for the REST guard, the admin socket and the
 * session login: refuses an address over its failure budget, resolves the
 * presented credential, and counts a failure when it is invalid (a missing
 * credential is not an attempt and is not counted).
 */
import { Injectable } from '@nestjs/common';
import { AuthFailureLimiter } from './auth-failure-limiter';
import type { Presented } from './credential-source';
import { CredentialsService } from './credentials.service';
import type { Principal } from './principal';

export type AuthOutcome = Principal | 'none' | 'invalid' | 'blocked';

@Injectable()
export class AuthenticatorService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly limiter: AuthFailureLimiter,
  ) {}

  async authenticate(p: Presented, address: string | null): Promise<AuthOutcome> {
    if (p.kind === 'none') return 'none';
    if (await this.limiter.blocked(address)) return 'blocked';
    const principal = p.kind === 'bearer' ? await this.credentials.bearer(p.secret) : p.kind === 'session' ? await this.credentials.session(p.id) : null;
    if (principal) return principal;
    await this.limiter.fail(address, p.kind === 'session' ? 'invalid or expired session' : 'invalid, expired or revoked token');
    return 'invalid';
  }
}
