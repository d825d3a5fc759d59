/**
 * @module session
 * Who is logged in: `GET /api/auth/me` on load (the session cookie), login
 * by pasting an API token (`POST /api/auth/session`, auth.controller), and
 * logout. Pages ask {@link can} before showing a control; the API refuses
 * what the role lacks anyway (auth/permissions).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Permission, WhoAmI } from '@fl/protocol';
import { ApiError } from '@fl/api-client';
import { api } from './api';
import { describeError } from './logic/format';

export type SessionState = { status: 'checking' } | { status: 'out'; error: string | null } | { status: 'in'; me: WhoAmI };

export function can(me: WhoAmI, p: Permission): boolean {
  return me.permissions.includes(p);
}

export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  useEffect(() => {
    api.auth.me().then(
      (me) => setState({ status: 'in', me }),
      (e) => setState({ status: 'out', error: e instanceof ApiError && e.status === 401 ? null : describeError(e) }),
    );
  }, []);
  const login = useCallback(async (token: string) => {
    try {
      const me = (await api.auth.login(token.trim())) ?? (await api.auth.me());
      setState({ status: 'in', me });
    } catch (e) {
      setState({ status: 'out', error: describeError(e) });
    }
  }, []);
  const logout = useCallback(async () => {
    await api.auth.logout().catch(() => undefined);
    setState({ status: 'out', error: null });
  }, []);
  return { state, login, logout };
}
