/**
 * @module persistence/clients.repository
 * Storage of enrolled clients: identity, what they hold, the Ed25519 key
 * pinned at enrolment, and a SHA-256 hash of the session token (never the
 * token). Loaded once at boot so reconnecting clients keep their identity
 * across coordinator restarts.
 */
import type { Backend } from '@fl/protocol';

export const CLIENTS_REPOSITORY = Symbol('CLIENTS_REPOSITORY');

export interface StoredClient {
  readonly id: string;
  readonly tokenHash: string;
  readonly name: string;
  readonly dataset: string;
  readonly numExamples: number;
  readonly backend: Backend;
  readonly signingKey: Uint8Array | null;
  readonly registeredAt: Date;
  readonly lastSeenAt: Date;
}

export interface ClientsRepository {
  list(): Promise<StoredClient[]>;
  /** Inserts or updates (by id). */
  save(client: StoredClient): Promise<void>;
}
