/**
 * @module clients/challenges
 * Server challenges for client authentication (docs/enrollment.md): 32
 * random bytes per `client:hello`, bound to the socket that asked, single
 * use (taken by the next `client:register` on that socket, whatever its
 * outcome) and valid {@link CHALLENGE_TTL_MS}. At most one per socket: a new
 * hello replaces the previous challenge, and a closed socket's is dropped,
 * so memory is bounded by the open sockets.
 */
import { randomBytes } from 'node:crypto';
import { CHALLENGE_BYTES, CHALLENGE_TTL_MS, ErrorCode } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';

export interface IssuedChallenge {
  readonly challenge: Uint8Array;
  readonly issuedAt: number;
}

export class Challenges {
  private readonly bySocket = new Map<string, IssuedChallenge>();

  constructor(private readonly ttlMs = CHALLENGE_TTL_MS) {}

  issue(socketId: string, now = Date.now()): IssuedChallenge {
    const c = { challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)), issuedAt: now };
    this.bySocket.set(socketId, c);
    return c;
  }

  /** The socket's challenge, removed (single use). @throws ProtocolException BAD_CHALLENGE (none, or expired) */
  take(socketId: string, now = Date.now()): IssuedChallenge {
    const c = this.bySocket.get(socketId);
    this.bySocket.delete(socketId);
    if (!c) throw new ProtocolException(ErrorCode.BadChallenge, 'no challenge for this connection: ask with client:hello, then sign it once');
    if (now - c.issuedAt > this.ttlMs) throw new ProtocolException(ErrorCode.BadChallenge, `the challenge expired (${this.ttlMs / 1000} s); ask for a new one with client:hello`);
    return c;
  }

  drop(socketId: string): void {
    this.bySocket.delete(socketId);
  }

  get size(): number {
    return this.bySocket.size;
  }
}
