/**
 * @module rest/auth
 * REST shapes of admin access: roles, API tokens (`/api/tokens`), the
 * caller's own identity (`GET /api/auth/me`) and the audit log
 * (`GET /api/audit`). A token's secret is shown once, in the reply that
 * creates it; the coordinator keeps only its hash.
 *
 * Every route except `GET /api/health` needs `Authorization: Bearer <secret>`
 * (or the dashboard's session cookie). The permission matrix lives next to
 * the coordinator's guard; `WhoAmI.permissions` tells a client what its role
 * may do.
 */
export const ROLES = ['admin', 'operator', 'viewer', 'predict'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a route or admin socket event may require. */
export const PERMISSIONS = [
  'jobs:read',
  'jobs:write',
  'models:read',
  'models:write',
  'models:predict',
  'clients:read',
  'clients:write',
  'enrollment:read',
  'enrollment:write',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'system:read',
  /** Prometheus metrics, `GET /api/metrics` (README.md "Metrics and logs"). */
  'metrics:read',
  'system:write',
  'privacy:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  /** Null: never expires. */
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Id of the token that created this one (null for the first admin token). */
  createdBy: string | null;
}

export interface CreateApiTokenRequest {
  name: string;
  role: Role;
  /** Lifetime in seconds; absent: never expires. */
  expiresInSeconds?: number;
}

/** The reply to `POST /api/tokens`: the only time `secret` is ever shown. */
export interface CreatedApiToken extends ApiTokenView {
  secret: string;
}

export interface WhoAmI {
  tokenId: string;
  name: string;
  role: Role;
  permissions: Permission[];
}

export interface AuditEntry {
  id: string;
  at: string;
  /** Token id of the actor (null: the coordinator itself, e.g. the first-admin bootstrap). */
  actorTokenId: string | null;
  actorName: string | null;
  /** Dotted action name, e.g. `jobs.create`, `tokens.revoke`, `clients.suspend`. */
  action: string;
  /** What it acted on (job id, token id, client id …), if anything. */
  target: string | null;
  /** `ok`, or the HTTP status / error code it failed with. */
  result: string;
  sourceAddress: string | null;
  /** Extra facts (never secrets). */
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Cursor for the next (older) page: pass as `?before=`; null at the end. */
  next: string | null;
}
