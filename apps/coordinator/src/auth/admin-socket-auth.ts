/**
 * @module auth/admin-socket-auth
 * socket.io middleware (`ns.use`) that authenticates the `/admin` namespace
 * at connect: the handshake's `auth.token` (an API token) or the session
 * cookie (then the handshake's Origin must be allowed: no cross-site
 * WebSocket hijacking), with a permission. A refusal is a `connect_error`
 * whose `data.code` is UNAUTHENTICATED, FORBIDDEN, FORBIDDEN_ORIGIN or
 * RATE_LIMITED.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { Permission } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { AuthCode } from './auth-errors';
import { AuthenticatorService } from './authenticator.service';
import { originAllowed, presentedCredential } from './credential-source';
import { roleAllows } from './permissions';

type Next = (err?: Error) => void;

function refusal(code: AuthCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

@Injectable()
export class AdminSocketAuth {
  constructor(
    private readonly authenticator: AuthenticatorService,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {}

  middleware(permission: Permission): (socket: Socket, next: Next) => void {
    return (socket, next) => {
      this.check(socket, permission).then(next, (e: Error) => next(refusal(AuthCode.Unauthenticated, e.message)));
    };
  }

  private async check(socket: Socket, permission: Permission): Promise<Error | undefined> {
    const h = socket.handshake;
    const presented = presentedCredential(h.headers, (h.auth as { token?: unknown } | undefined)?.token);
    const out = await this.authenticator.authenticate(presented, h.address ?? null);
    if (out === 'blocked') return refusal(AuthCode.RateLimited, 'too many failed authentication attempts from this address');
    if (typeof out !== 'object') return refusal(AuthCode.Unauthenticated, 'connect with auth: { token } (an API token) or a dashboard session');
    if (out.via === 'session' && !originAllowed(h.headers, `${h.secure ? 'https' : 'http'}://${String(h.headers.host)}`, this.config.corsOrigins))
      return refusal(AuthCode.ForbiddenOrigin, 'a dashboard session may connect only from the coordinator\'s own origin or an allowed --cors-origin');
    if (!roleAllows(out.role, permission)) return refusal(AuthCode.Forbidden, `role ${out.role} lacks the permission ${permission}`);
    socket.data.principal = out;
    return undefined;
  }
}
