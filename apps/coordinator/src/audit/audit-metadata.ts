/**
 * @module audit/audit-metadata
 * How a route is audited. By default every state-changing route (POST, PUT,
 * PATCH, DELETE) is, by the {@link AuditInterceptor}, under the action
 * `<controller>.<handler>` (`JobsController.start` → `jobs.start`).
 * `@AuditAction` renames it; `@AuditedInTransaction` says the service
 * already wrote the success entry in the same transaction as the change
 * (failures are still written by the interceptor); `@SkipAudit` is for a
 * POST that changes nothing (inference) and says why.
 */
import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION_KEY = 'fl:audit-action';
export const AUDIT_IN_TX_KEY = 'fl:audit-in-tx';
export const AUDIT_SKIP_KEY = 'fl:audit-skip';

export const AuditAction = (action: string) => SetMetadata(AUDIT_ACTION_KEY, action);
export const AuditedInTransaction = () => SetMetadata(AUDIT_IN_TX_KEY, true);
export const SkipAudit = (why: string) => SetMetadata(AUDIT_SKIP_KEY, why);

/** `JobsController` + `start` → `jobs.start`. */
export function derivedAction(controller: string, handler: string): string {
  const base = controller.replace(/Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}.${handler}`;
}
