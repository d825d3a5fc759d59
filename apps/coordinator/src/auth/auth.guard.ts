/**
 * @module auth/auth.guard
 * The global guard (APP_GUARD) of every REST route, fail closed:
 *
 * 1. `@Public()` routes pass (a valid credential, if sent, is still
 *    recognised, e.g. for the detailed health report);
 * 2. a route with neither `@RequirePermission` nor `@Authenticated` → 403
 *    `FORBIDDEN`, whoever calls;
 * 3. no credential, or an invalid/expired/revoked one → 401
 *    `UNAUTHENTICATED` (invalid ones count towards the per-address limit:
 *    429 `RATE_LIMITED` past it);
 * 4. a cookie session on a state-changing request must come from an allowed
 *    Origin → else 403 `FORBIDDEN_ORIGIN`;
 * 5. the token's role must hold the permission (permissions.ts) → else 403
 *    `FORBIDDEN`.
 *
 * Refusals of state-changing requests by an authenticated caller (4, 5) are
 * audited here, since interceptors never see them. Socket.io events are not
 * guarded here: the admin namespace authenticates at connect
 * (admin-socket-auth), the client namespace has its own enrolment.
 */
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { AuditService } from '../audit/audit.service';
import { actionOf } from '../audit/audit.interceptor';
import { AUTHENTICATED_KEY, PERMISSION_KEY, PUBLIC_KEY, roleAllows } from './permissions';
import { authError, AuthCode, forbidden, rateLimited, unauthenticated } from './auth-errors';
import { AuthenticatorService } from './authenticator.service';
import { originAllowed, presentedCredential } from './credential-source';
import { sourceOf, STATE_CHANGING, type AuthRequest, type Principal } from './principal';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
    private readonly audit: AuditService,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const address = sourceOf(req);
    const presented = presentedCredential(req.headers);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      const out = await this.authenticator.authenticate(presented, address);
      if (typeof out === 'object') req.principal = out;
      return true;
    }
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const anyRole = this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets) === true;
    if (!permission && !anyRole) throw forbidden('this route declares no permission and is refused to everyone');
    const out = await this.authenticator.authenticate(presented, address);
    if (out === 'blocked') throw rateLimited();
    if (typeof out !== 'object') throw unauthenticated();
    req.principal = out;
    if (out.via === 'session' && STATE_CHANGING.has(req.method) && !originAllowed(req.headers, `${req.protocol}://${String(req.headers.host)}`, this.config.corsOrigins))
      throw await this.refuse(ctx, req, out, authError(HttpStatus.FORBIDDEN, AuthCode.ForbiddenOrigin, 'a dashboard session may change state only from the coordinator\'s own origin or an allowed --cors-origin'));
    if (permission && !roleAllows(out.role, permission)) throw await this.refuse(ctx, req, out, forbidden(`role ${out.role} lacks the permission ${permission}`));
    return true;
  }

  private async refuse<E extends Error>(ctx: ExecutionContext, req: AuthRequest, p: Principal, e: E & { getResponse?: () => unknown }): Promise<E> {
    if (STATE_CHANGING.has(req.method)) {
      const code = (e.getResponse?.() as { code?: string } | undefined)?.code ?? null;
      await this.audit.record({ principal: p, action: actionOf(this.reflector, ctx), target: req.params?.id ?? null, result: '403', sourceAddress: sourceOf(req), details: { method: req.method, path: req.path, code } });
    }
    return e;
  }
}
