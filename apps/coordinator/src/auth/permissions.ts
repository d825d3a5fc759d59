/**
 * @module auth/permissions
 * The permission matrix, written once as data: which role may do what.
 * Routes and admin socket events name the permission they need with
 * {@link RequirePermission}; a route without one (and not {@link Public})
 * is refused by the guard, so a new route can never be open by accident.
 */
import { SetMetadata } from '@nestjs/common';
import type { Permission, Role } from '@fl/protocol';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['jobs:read', 'jobs:write', 'models:read', 'models:write', 'models:predict', 'clients:read', 'clients:write', 'enrollment:read', 'enrollment:write', 'tokens:read', 'tokens:write', 'audit:read', 'system:read', 'system:write', 'privacy:write', 'metrics:read'],
  operator: ['jobs:read', 'jobs:write', 'models:read', 'models:write', 'models:predict', 'clients:read', 'system:read', 'metrics:read'],
  viewer: ['jobs:read', 'models:read', 'clients:read', 'system:read', 'metrics:read'],
  predict: ['models:predict'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const PERMISSION_KEY = 'fl:permission';
export const PUBLIC_KEY = 'fl:public';
export const AUTHENTICATED_KEY = 'fl:authenticated';

/** The permission a route (or gateway handler) requires. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** A route anyone may call without a credential (only `GET /api/health`). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** A route any valid credential may call, whatever its role (only `GET /api/auth/me`). */
export const Authenticated = () => SetMetadata(AUTHENTICATED_KEY, true);
