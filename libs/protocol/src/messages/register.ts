/**
 * @module messages/register
 * client → server, ack. First message after connecting. The client says which
 * data it holds and how it trains. On reconnect it presents the `clientId` and
 * `sessionToken` it was given, so it keeps its identity; presenting an id
 * without its token is refused with `FORGED_IDENTITY`.
 */
import type { Backend } from '../enums';

export interface DatasetInfo {
  /** Dataset name a job must ask for, e.g. `mnist`. */
  name: string;
  /** Local training examples (n_k in FedAvg). */
  numExamples: number;
}

export interface RegisterRequest {
  protocolVersion: number;
  name: string;
  dataset: DatasetInfo;
  backend: Backend;
  /**
   * The client's long-term Ed25519 public key (32 bytes). The coordinator pins
   * it to the client id at enrolment and refuses a reconnect with another key;
   * it signs the client's secure-aggregation messages (active threat model).
   * A client without one is not eligible for secure jobs.
   */
  signingKey?: Uint8Array;
  /** Present on reconnect. */
  clientId?: string;
  sessionToken?: string;
}

export interface RegisterReply {
  clientId: string;
  sessionToken: string;
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
