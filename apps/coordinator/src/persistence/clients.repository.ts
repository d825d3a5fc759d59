/**
 * @module persistence/clients.repository
 * Storage of enrolled clients: identity, what they hold, the Ed25519 key
 * pinned at enrolment, their status (active | suspended | revoked), the
 * example cap of their enrollment token and which token that was, and the
 * software and protocol version they last authenticated with. Loaded
 * once at boot so reconnecting clients keep their identity across
 * coordinator restarts. No secret is stored: clients authenticate by
 * signing a fresh challenge with the pinned key (docs/enrollment.md).
 */
import type { Backend, ClientStatus } from '@fl/protocol';

export const CLIENTS_REPOSITORY = Symbol('CLIENTS_REPOSITORY');

export interface StoredClient {
  readonly id: string;
  readonly name: string;
  readonly dataset: string;
  readonly numExamples: number;
  readonly backend: Backend;
  /** Software version sent at the last authentication; null if it sent none (or was not seen since 0008). */
  readonly clientVersion: string | null;
  readonly protocolVersion: number | null;
  readonly signingKey: Uint8Array | null;
  readonly status: ClientStatus;
  /** Null for a client enrolled before enrollment tokens (the coordinator's `--max-examples-per-client` applies). */
  readonly maxExamples: number | null;
  readonly enrollmentTokenId: string | null;
  readonly registeredAt: Date;
  readonly lastSeenAt: Date;
}

export interface ClientsRepository {
  list(): Promise<StoredClient[]>;
  /** Inserts or updates (by id). */
  save(client: StoredClient): Promise<void>;
}
