/**
 * @module auth/principal
 * Who is calling: the API token a request or admin socket authenticated
 * with, and how (bearer header or dashboard session cookie). The guard puts
 * it on the request; the audit log names it as the actor.
 */
import type { Role } from '@fl/protocol';

export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  readonly via: 'bearer' | 'session';
}

/** The request fields access control reads and writes (Express request). */
export interface AuthRequest {
  method: string;
  path: string;
  protocol: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  socket: { remoteAddress?: string };
  principal?: Principal;
}

/** The source address of a request (the peer; no proxy header is trusted). */
export function sourceOf(req: Pick<AuthRequest, 'socket'>): string | null {
  return req.socket.remoteAddress ?? null;
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SESSION_COOKIE = 'fl_session';
