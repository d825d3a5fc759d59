/**
 * @module auth/admin-socket-auth
 * socket.io middleware (`ns.use`) that authenticates the `/admin` namespace
 * at connect: the handshake's `auth.token` (an API token) or the session
 * cookie (then the handshake's Origin must be allowed: no cross-site
 * WebSocket hijacking), with a permission. A refusal is a `connect_error`
 * whose `data.code` is UNAUTHENTICATED, FORBIDDEN, FORBIDDEN_ORIGIN or
 * RATE_LIMITED. A socket whose token is revoked later is disconnected at once.
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import type { Permission } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { AuthCode } from './auth-errors';
import { AuthenticatorService } from './authenticator.service';
import { originAllowed, presentedCredential } from './credential-source';
import { roleAllows } from './permissions';
import type { Principal } from './principal';
import { TokenEvents } from './token-events';

type Next = (err?: Error) => void;

function refusal(code: AuthCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

@Injectable()
export class AdminSocketAuth implements OnModuleDestroy {
  private readonly subs: Subscription[] = [];

  constructor(
    private readonly authenticator: AuthenticatorService,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly events: TokenEvents,
  ) {}

  /** Admits to `ns` only callers holding `permission`, and drops a connected one whose token is revoked. */
  protect(ns: Namespace, permission: Permission): void {
    ns.use((socket, next) => {
      this.check(socket, permission).then(next, (e: Error) => next(refusal(AuthCode.Unauthenticated, e.message)));
    });
    this.subs.push(
      this.events.revoked$.subscribe((tokenId) => {
        for (const s of ns.sockets.values()) if ((s.data as { principal?: Principal }).principal?.tokenId === tokenId) s.disconnect(true);
      }),
    );
  }

  onModuleDestroy(): void {
    for (const s of this.subs) s.unsubscribe();
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
