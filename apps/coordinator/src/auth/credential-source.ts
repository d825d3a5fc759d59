/**
 * @module auth/credential-source
 * Where a credential comes from on an HTTP request or socket handshake:
 * `Authorization: Bearer <secret>` (or the socket.io handshake's
 * `auth.token`), else the `fl_session` cookie. A malformed Authorization
 * header is an invalid credential, not a missing one. Also the Origin check
 * for cookie sessions: the coordinator's own origin or one of `--cors-origin`
 * (`*` does not count: it opens CORS, not cookie sessions).
 */
import { parse } from 'cookie';
import { SESSION_COOKIE } from './principal';

export type Presented = { kind: 'bearer'; secret: string } | { kind: 'session'; id: string } | { kind: 'malformed' } | { kind: 'none' };

const header = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

export function presentedCredential(headers: Record<string, string | string[] | undefined>, handshakeToken?: unknown): Presented {
  if (typeof handshakeToken === 'string') return { kind: 'bearer', secret: handshakeToken };
  if (handshakeToken !== undefined) return { kind: 'malformed' };
  const auth = header(headers.authorization);
  if (auth !== undefined) {
    const m = /^Bearer +(\S+)$/i.exec(auth.trim());
    return m ? { kind: 'bearer', secret: m[1] } : { kind: 'malformed' };
  }
  const cookie = header(headers.cookie);
  const id = cookie === undefined ? undefined : parse(cookie)[SESSION_COOKIE];
  return id ? { kind: 'session', id } : { kind: 'none' };
}

/** True when the request's Origin (or, lacking it, Referer) is the coordinator's own or an allowed one. */
export function originAllowed(headers: Record<string, string | string[] | undefined>, ownOrigin: string, allowed: readonly string[]): boolean {
  let origin = header(headers.origin);
  if (origin === undefined) {
    const referer = header(headers.referer);
    if (referer === undefined) return false;
    try {
      origin = new URL(referer).origin;
    } catch {
      return false;
    }
  }
  return origin === ownOrigin || allowed.filter((o) => o !== '*').includes(origin);
}
