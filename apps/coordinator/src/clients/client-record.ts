/**
 * @module clients/client-record
 * What the coordinator knows about one enrolled edge client.
 */
import type { Backend, ClientStatus, ClientView } from '@fl/protocol';

/** The per-connection bulk-channel credential: only its hash, the socket it belongs to and its expiry. */
export interface BulkCredential {
  readonly hash: string;
  readonly socketId: string;
  readonly expiresAt: number;
}

export interface ClientRecord {
  readonly id: string;
  name: string;
  dataset: string;
  /** The example count the client declared at its last authentication, clamped to {@link maxExamples}. */
  numExamples: number;
  /** The cap set at enrollment (its token's `maxExamples`); the client cannot raise it. */
  readonly maxExamples: number;
  readonly enrollmentTokenId: string | null;
  backend: Backend;
  /** Software and protocol version of its last authentication (null: none sent, or not seen since they were recorded). */
  clientVersion: string | null;
  protocolVersion: number | null;
  /** Ed25519 public key pinned at enrolment; it signs every authentication. Null only for clients enrolled by protocol 1 without one (they cannot authenticate). */
  readonly signingKey: Uint8Array | null;
  status: ClientStatus;
  /** socket.io id of the live, authenticated connection, null when offline. */
  socketId: string | null;
  bulk: BulkCredential | null;
  currentTaskId: string | null;
  registeredAt: Date;
  lastSeenAt: Date;
}

export function toClientView(c: ClientRecord): ClientView {
  return {
    id: c.id,
    name: c.name,
    dataset: c.dataset,
    numExamples: c.numExamples,
    backend: c.backend,
    clientVersion: c.clientVersion,
    protocolVersion: c.protocolVersion,
    hasSigningKey: c.signingKey !== null,
    connected: c.socketId !== null,
    currentTaskId: c.currentTaskId,
    registeredAt: c.registeredAt.toISOString(),
    lastSeenAt: c.lastSeenAt.toISOString(),
    status: c.status,
    maxExamples: c.maxExamples,
    enrollmentTokenId: c.enrollmentTokenId,
  };
}
