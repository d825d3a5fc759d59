/**
 * @module clients/client-record
 * What the coordinator knows about one enrolled edge client.
 */
import type { Backend, ClientView } from '@fl/protocol';

export interface ClientRecord {
  readonly id: string;
  /** SHA-256 (hex) of the session token (32 random bytes, hex, sent once in the register ack); only the hash is kept and stored. */
  readonly tokenHash: string;
  name: string;
  dataset: string;
  numExamples: number;
  backend: Backend;
  /** Ed25519 public key pinned at enrolment (secure aggregation, active model); null if the client sent none. */
  signingKey: Uint8Array | null;
  /** socket.io id of the live connection, null when offline. */
  socketId: string | null;
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
    hasSigningKey: c.signingKey !== null,
    connected: c.socketId !== null,
    currentTaskId: c.currentTaskId,
    registeredAt: c.registeredAt.toISOString(),
    lastSeenAt: c.lastSeenAt.toISOString(),
  };
}
