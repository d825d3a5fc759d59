/**
 * @module rest/clients
 * REST shape of an enrolled edge client (`/api/clients`).
 */
import type { Backend } from '../enums';

/** An enrolled client's standing: `suspended` clients are refused until resumed, `revoked` ones for good. */
export const CLIENT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export interface ClientView {
  id: string;
  name: string;
  dataset: string;
  numExamples: number;
  backend: Backend;
  /** The client's software version from its last authentication (`RegisterRequest.clientVersion`); null when it sent none. */
  clientVersion: string | null;
  /** The protocol version it last authenticated with; null for a client not seen since this was recorded. */
  protocolVersion: number | null;
  /** Whether the client enrolled with an Ed25519 signing key (needed for secure jobs, active model). */
  hasSigningKey: boolean;
  connected: boolean;
  /** Task the client is working on, if any. */
  currentTaskId: string | null;
  registeredAt: string;
  lastSeenAt: string;
  status: ClientStatus;
  /** The largest example count this client may claim (its enrollment token's cap). */
  maxExamples: number;
  /** The enrollment token it enrolled with (null for clients enrolled before enrollment tokens). */
  enrollmentTokenId: string | null;
}
