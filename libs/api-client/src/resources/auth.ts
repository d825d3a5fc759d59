/**
 * @module resources/auth
 * `/api/auth`: who the caller is (`me`), and the dashboard's session
 * cookie: `login` trades an API token for an HttpOnly session cookie,
 * `logout` ends it. A browser client sets `credentials` in the
 * {@link ApiClientOptions} so the cookie is sent.
 */
import type { WhoAmI } from '@fl/protocol';
import type { Http } from '../http';

export class AuthApi {
  constructor(private readonly http: Http) {}

  /** `GET /api/auth/me`: the caller's token id, name, role and permissions. */
  me(): Promise<WhoAmI> {
    return this.http.json('GET', '/auth/me');
  }

  /** `POST /api/auth/session` with `{ token }`: sets the session cookie; the caller's identity, or null on 204. */
  login(token: string): Promise<WhoAmI | null> {
    return this.http.jsonOrNull('POST', '/auth/session', { token });
  }

  /** `DELETE /api/auth/session`: clears the session cookie. */
  logout(): Promise<void> {
    return this.http.empty('DELETE', '/auth/session');
  }
}
