/**
 * @module audit/audit.interceptor
 * Audits every state-changing HTTP route automatically, so routes added
 * later are covered without code: after the handler, before the reply, one
 * entry with the actor (token id and name), the action (audit-metadata), the
 * target (the `:id` route parameter, else the returned object's `id`), the
 * result (`ok`, or the HTTP status it failed with, with its `code` in the
 * details) and the source address. Refusals by the guard (403) are written
 * by the guard itself; unauthenticated requests are counted, not logged
 * (auth-failure-limiter). The request body is never logged.
 */
import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { sourceOf, STATE_CHANGING, type AuthRequest } from '../auth/principal';
import { AUDIT_ACTION_KEY, AUDIT_IN_TX_KEY, AUDIT_SKIP_KEY, derivedAction } from './audit-metadata';
import { AuditService } from './audit.service';

/** The audit action of a route (its `@AuditAction`, else `<controller>.<handler>`). */
export function actionOf(reflector: Reflector, ctx: ExecutionContext): string {
  return reflector.get<string | undefined>(AUDIT_ACTION_KEY, ctx.getHandler()) ?? derivedAction(ctx.getClass().name, ctx.getHandler().name);
}

/** Facts of a failure: its HTTP status and the body's `code`, if any. */
export function failureOf(e: unknown): { result: string; code: string | null } {
  if (!(e instanceof HttpException)) return { result: '500', code: null };
  const body = e.getResponse();
  const code = typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : null;
  return { result: String(e.getStatus()), code };
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    if (!STATE_CHANGING.has(req.method) || this.reflector.get(AUDIT_SKIP_KEY, ctx.getHandler())) return next.handle();
    const inTx = this.reflector.get<boolean | undefined>(AUDIT_IN_TX_KEY, ctx.getHandler()) === true;
    const base = { action: actionOf(this.reflector, ctx), sourceAddress: sourceOf(req) };
    const paramId = req.params?.id ?? null;
    return next.handle().pipe(
      mergeMap((value) => {
        if (inTx) return from([value]);
        const returned = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
        const write = this.audit.record({ ...base, principal: req.principal ?? null, target: paramId ?? returned, result: 'ok', details: { method: req.method, path: req.path } });
        return from(write.then(() => value));
      }),
      catchError((e: unknown) => {
        const f = failureOf(e);
        return from(
          this.audit
            .record({ ...base, principal: req.principal ?? null, target: paramId, result: f.result, details: { method: req.method, path: req.path, ...(f.code ? { code: f.code } : {}) } })
            .then(() => {
              throw e;
            }),
        );
      }),
    );
  }
}
