/**
 * @module messages/register
 * client → server, ack. Authentication of a connection (see
 * docs/enrollment.md). Every connection first asks for a fresh challenge
 * (`client:hello`, {@link HelloReply}), then sends `client:register` with a
 * detached Ed25519 signature over {@link authTranscript}: the challenge, the
 * coordinator's id, the time it was issued, this socket's id and who the
 * client claims to be. No bearer secret is ever sent twice:
 *
 * - the first time, the client enrolls: `enrollmentToken` (made by an admin,
 *   consumed here) and its long-term `signingKey`, which is pinned to the new
 *   client id;
 * - every later connection presents `clientId` (and the same `signingKey`)
 *   and proves possession of the pinned key's secret by the signature.
 *
 * The reply carries the client id and a per-connection bulk credential (the
 * bulk channel's bearer, valid only while this socket stays authenticated).
 */
import type { Backend } from '../enums';

export interface DatasetInfo {
  /** Dataset name a job must ask for, e.g. `mnist`. */
  name: string;
  /** Local training examples (n_k in FedAvg); clamped to the cap set at enrollment. */
  numExamples: number;
}

/** client → server, ack: asks for a fresh challenge. The payload is an empty object. */
export type HelloRequest = Record<string, never>;

export interface HelloReply {
  /** 32 random bytes, single use, bound to this socket, valid `CHALLENGE_TTL_MS`. */
  challenge: Uint8Array;
  /** Stable random id of this coordinator (kept in its database). */
  coordinatorId: string;
  /** When the challenge was issued (ms since the epoch). */
  issuedAt: number;
}

export interface RegisterRequest {
  protocolVersion: number;
  name: string;
  dataset: DatasetInfo;
  backend: Backend;
  /**
   * The client's software version (the edge client sends its package's
   * semver, e.g. `0.1.0`; at most `MAX_CLIENT_VERSION_LENGTH` characters
   * matching `CLIENT_VERSION_PATTERN`). Optional: clients that predate it
   * omit it, and the Clients page shows none.
   */
  clientVersion?: string;
  /**
   * The client's long-term Ed25519 public key (32 bytes). Pinned to the client
   * id at enrollment; a later connection with another key is refused with
   * `FORGED_IDENTITY`. It also signs the client's secure-aggregation messages.
   */
  signingKey: Uint8Array;
  /** Re-authentication: the id given at enrollment. Exactly one of `clientId` / `enrollmentToken`. */
  clientId?: string;
  /** First enrollment: the secret of an enrollment token. */
  enrollmentToken?: string;
  /** Ed25519 signature (64 bytes) over `authTranscript(...)` of the challenge this socket was given. */
  signature: Uint8Array;
}

export interface RegisterReply {
  clientId: string;
  /** The coordinator's id (the client keeps it with its identity). */
  coordinatorId: string;
  /** The example count the coordinator will weigh this client with (the declared one, at most the enrollment cap). */
  numExamples: number;
  /**
   * Bearer for the bulk channel, valid only for this connection: it dies when
   * this socket disconnects or re-authenticates, and after `bulkCredentialTtlMs`.
   */
  bulkCredential: string;
  bulkCredentialTtlMs: number;
  /** Largest binary chunk the coordinator accepts. */
  maxChunkBytes: number;
  /**
   * True when the coordinator accepts an update of at most `maxChunkBytes`
   * inside `update:commit` (`UpdateCommit.data`). Absent (older
   * coordinators): upload with `update:chunk` first.
   */
  commitWithData?: boolean;
  /**
   * The port of the coordinator's bulk channel (see `bulk`): the same host
   * and scheme as the socket, this port. Absent when the coordinator runs
   * without one; the client then moves every byte over the socket.
   */
  bulkPort?: number;
}
